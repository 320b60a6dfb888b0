From: "${voicemail_caller_id_name}" <${voicemail_account}@${voicemail_domain}>
To: <${voicemail_notify_email}>
Subject: Voicemail from ${voicemail_caller_id_name} <${voicemail_caller_id_number}>
Content-Type: text/plain; charset=UTF-8

New voicemail for ${voicemail_account}@${voicemail_domain} (${voicemail_message_len} seconds).
