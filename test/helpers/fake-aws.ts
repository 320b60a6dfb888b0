import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The read side of AWS that planning a pbxc stack needs, on loopback: the Debian image lookup,
 * availability zones, the hosted zone and the caller's account. Anything else (every create) is
 * refused with an error, so a plan works and an apply fails at its first call, as without AWS.
 * Every request is recorded.
 */
export interface FakeAws {
  readonly endpoint: string;
  readonly requests: string[];
  close(): Promise<void>;
}

const EC2 = 'http://ec2.amazonaws.com/doc/2016-11-15/';

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function ec2(action: string, params: URLSearchParams, region: string): string | undefined {
  switch (action) {
    // An address that exists (for plans over an existing state): whatever allocation is asked for.
    case 'DescribeAddresses': {
      const id =
        params.get('AllocationId.1') ?? params.get('Filter.1.Value.1') ?? 'eipalloc-0aaaaaaaaaaaaaaaa';
      return `<DescribeAddressesResponse xmlns="${EC2}"><requestId>r</requestId><addressesSet><item><publicIp>198.51.100.9</publicIp><allocationId>${id}</allocationId><domain>vpc</domain><publicIpv4Pool>amazon</publicIpv4Pool><networkBorderGroup>${region}</networkBorderGroup><tagSet/></item></addressesSet></DescribeAddressesResponse>`;
    }
    case 'DescribeAddressesAttribute':
      return `<DescribeAddressesAttributeResponse xmlns="${EC2}"><requestId>r</requestId><addressSet/></DescribeAddressesAttributeResponse>`;
    case 'DescribeImages': {
      const arch = params.get('Filter.2.Value.1') ?? 'x86_64';
      return `<DescribeImagesResponse xmlns="${EC2}"><requestId>r</requestId><imagesSet><item><imageId>ami-0123456789abcdef0</imageId><imageLocation>136693071363/debian-12</imageLocation><imageState>available</imageState><imageOwnerId>136693071363</imageOwnerId><creationDate>2026-11-01T00:00:00.000Z</creationDate><isPublic>true</isPublic><architecture>${arch}</architecture><imageType>machine</imageType><name>debian-12-${arch === 'arm64' ? 'arm64' : 'amd64'}-20261101</name><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName><virtualizationType>hvm</virtualizationType><hypervisor>xen</hypervisor><blockDeviceMapping/></item></imagesSet></DescribeImagesResponse>`;
    }
    case 'DescribeAvailabilityZones':
      return `<DescribeAvailabilityZonesResponse xmlns="${EC2}"><requestId>r</requestId><availabilityZoneInfo>${[
        'a',
        'b',
      ]
        .map(
          (l, i) =>
            `<item><zoneName>${region}${l}</zoneName><zoneState>available</zoneState><regionName>${region}</regionName><zoneId>euc1-az${i + 1}</zoneId><zoneType>availability-zone</zoneType><optInStatus>opt-in-not-required</optInStatus><groupName>${region}</groupName><networkBorderGroup>${region}</networkBorderGroup></item>`,
        )
        .join('')}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`;
  }
  return undefined;
}

const zoneId = (i: number) => `Z0123456789ABCDEFGHI${i}`;

function route53(path: string, zones: readonly string[]): string | undefined {
  const hz = (zone: string, i: number) =>
    `<HostedZone><Id>/hostedzone/${zoneId(i)}</Id><Name>${zone}.</Name><CallerReference>pbxc-${i}</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>`;
  const all = zones.map(hz).join('');
  const ns = 'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"';
  if (/^\/2013-04-01\/hostedzone\/?(\?.*)?$/.test(path))
    return `<ListHostedZonesResponse ${ns}><HostedZones>${all}</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>`;
  if (path.startsWith('/2013-04-01/hostedzonesbyname'))
    return `<ListHostedZonesByNameResponse ${ns}><HostedZones>${all}</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>`;
  const i = zones.findIndex((_, k) => path.includes(zoneId(k)));
  if (i < 0) return undefined;
  if (path.startsWith(`/2013-04-01/hostedzone/${zoneId(i)}`))
    return `<GetHostedZoneResponse ${ns}>${hz(zones[i]!, i)}<DelegationSet><NameServers><NameServer>ns-1.example.net</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>`;
  if (path.startsWith(`/2013-04-01/tags/hostedzone/${zoneId(i)}`))
    return `<ListTagsForResourceResponse ${ns}><ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>${zoneId(i)}</ResourceId><Tags/></ResourceTagSet></ListTagsForResourceResponse>`;
  return undefined;
}

export async function fakeAws(options: {
  readonly region: string;
  readonly zones: readonly string[];
}): Promise<FakeAws> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    res.setHeader('content-type', 'text/xml');
    if (req.method === 'POST') {
      const params = await form(req);
      const action = params.get('Action') ?? '?';
      requests.push(action);
      if (action === 'GetCallerIdentity') {
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
        return;
      }
      const answer = ec2(action, params, options.region);
      if (answer) {
        res.end(answer);
        return;
      }
    } else {
      requests.push(`${req.method} ${path}`);
      const answer = route53(path, options.zones);
      if (answer) {
        res.end(answer);
        return;
      }
    }
    res.statusCode = 400;
    res.end(
      `<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>pbxc fake AWS: ${req.method} ${path} is not offered</Message></Error></Errors><RequestID>r</RequestID></Response>`,
    );
  });
  const endpoint = await new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  return {
    endpoint,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * An override file for a stack folder: the provider talks to the fake (fake keys, no account or
 * metadata lookups, one attempt), and the state stays local even when the spec names an S3 backend.
 */
export function offlineOverride(region: string, endpoint: string, statePath?: string): string {
  const services = ['ec2', 'route53', 'sts', 'iam', 's3', 'ssm', 'cloudwatch', 'efs'];
  return `${JSON.stringify(
    {
      ...(statePath ? { terraform: { backend: { local: { path: statePath } } } } : {}),
      provider: {
        aws: [
          {
            region,
            access_key: 'AKIDPBXCFAKE',
            secret_key: 'pbxc-fake-not-a-secret',
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            skip_region_validation: true,
            max_retries: 1,
            endpoints: [Object.fromEntries(services.map((s) => [s, endpoint]))],
          },
        ],
      },
    },
    null,
    2,
  )}\n`;
}
