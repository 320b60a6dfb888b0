From: "${voicemail_caller_id_name}" <${voicemail_account}@${voicemail_domain}>
To: <${voicemail_email}>
Subject: Voicemail from ${voicemail_caller_id_name} <${voicemail_caller_id_number}> (${voicemail_message_len}s)
X-Priority: ${voicemail_priority}
Content-Type: text/plain; charset=UTF-8

New voicemail for ${voicemail_account}@${voicemail_domain}
From: ${voicemail_caller_id_name} <${voicemail_caller_id_number}>
Received: ${voicemail_time}
Length: ${voicemail_message_len} seconds
