/**
 * This node's network interface from the EC2 instance metadata service, IMDSv2 only (the stacks
 * require session tokens): a token, then the primary interface of the primary MAC.
 */
export const IMDS = 'http://169.254.169.254';

export async function primaryNetworkInterface(endpoint = IMDS, timeoutMs = 2000): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  const tokenResponse = await fetch(`${endpoint}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '300' },
    signal,
  });
  if (!tokenResponse.ok) throw new Error(`instance metadata token: HTTP ${tokenResponse.status}`);
  const token = await tokenResponse.text();
  const get = async (path: string) => {
    const r = await fetch(`${endpoint}/latest/meta-data/${path}`, {
      headers: { 'X-aws-ec2-metadata-token': token },
      signal,
    });
    if (!r.ok) throw new Error(`instance metadata ${path}: HTTP ${r.status}`);
    return (await r.text()).trim();
  };
  const mac = await get('mac');
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac))
    throw new Error(`instance metadata mac: unexpected "${mac}"`);
  const eni = await get(`network/interfaces/macs/${mac}/interface-id`);
  if (!/^eni-[0-9a-f]+$/.test(eni)) throw new Error(`instance metadata interface-id: unexpected "${eni}"`);
  return eni;
}
