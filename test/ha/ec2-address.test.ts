import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2AddressApi } from '../../src/ha/ec2-address.js';
import { primaryNetworkInterface } from '../../src/ha/instance-metadata.js';

/**
 * The real @aws-sdk/client-ec2 against a fake EC2 query API on loopback: the requests it sends
 * are the ones EC2 documents (DescribeAddresses, AssociateAddress with AllowReassociation), and
 * the answers are parsed back. A fake instance metadata service checks the IMDSv2 token dance.
 */
const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe('ec2AddressApi (real SDK, fake EC2)', () => {
  const requests: URLSearchParams[] = [];
  let association: { eni: string; ip: string } | undefined = { eni: 'eni-0aaa', ip: '10.80.0.101' };
  const server = createServer(async (req, res) => {
    const params = await body(req);
    requests.push(params);
    res.setHeader('content-type', 'text/xml');
    if (params.get('Action') === 'DescribeAddresses') {
      const assoc = association
        ? `<associationId>eipassoc-1</associationId><networkInterfaceId>${association.eni}</networkInterfaceId><privateIpAddress>${association.ip}</privateIpAddress>`
        : '';
      res.end(
        `<DescribeAddressesResponse xmlns="${NS}"><requestId>r1</requestId><addressesSet><item><publicIp>198.51.100.7</publicIp><allocationId>${params.get('AllocationId.1')}</allocationId><domain>vpc</domain>${assoc}</item></addressesSet></DescribeAddressesResponse>`,
      );
    } else if (params.get('Action') === 'AssociateAddress') {
      if (association && params.get('AllowReassociation') !== 'true') {
        res.statusCode = 400;
        res.end(
          `<Response><Errors><Error><Code>Resource.AlreadyAssociated</Code><Message>already associated</Message></Error></Errors><RequestID>r2</RequestID></Response>`,
        );
        return;
      }
      association = { eni: params.get('NetworkInterfaceId')!, ip: params.get('PrivateIpAddress')! };
      res.end(
        `<AssociateAddressResponse xmlns="${NS}"><requestId>r3</requestId><return>true</return><associationId>eipassoc-2</associationId></AssociateAddressResponse>`,
      );
    } else {
      res.statusCode = 400;
      res.end('<Response><Errors><Error><Code>InvalidAction</Code></Error></Errors></Response>');
    }
  });
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await listen(server);
  });
  afterAll(() => server.close());

  const api = () =>
    ec2AddressApi({
      region: 'eu-central-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' },
    });

  it('reads who holds the address', async () => {
    expect(await (await api()).describe('eipalloc-0123456789abcdef0')).toEqual({
      privateIp: '10.80.0.101',
      networkInterfaceId: 'eni-0aaa',
    });
    expect(requests.at(-1)!.get('AllocationId.1')).toBe('eipalloc-0123456789abcdef0');
  });

  it('moves it with re-association onto the given interface and private address', async () => {
    await (await api()).associate({
      allocationId: 'eipalloc-0123456789abcdef0',
      networkInterfaceId: 'eni-0bbb',
      privateIp: '10.80.1.102',
      allowReassociation: true,
    });
    const sent = requests.at(-1)!;
    expect(Object.fromEntries(sent)).toMatchObject({
      Action: 'AssociateAddress',
      AllocationId: 'eipalloc-0123456789abcdef0',
      NetworkInterfaceId: 'eni-0bbb',
      PrivateIpAddress: '10.80.1.102',
      AllowReassociation: 'true',
    });
    expect(await (await api()).describe('eipalloc-0123456789abcdef0')).toEqual({
      privateIp: '10.80.1.102',
      networkInterfaceId: 'eni-0bbb',
    });
  });

  it('fails a claim without re-association when someone holds the address', async () => {
    await expect(
      (await api()).associate({
        allocationId: 'eipalloc-0123456789abcdef0',
        networkInterfaceId: 'eni-0aaa',
        privateIp: '10.80.0.101',
        allowReassociation: false,
      }),
    ).rejects.toThrow(/already associated|AlreadyAssociated/);
  });

  it('sees an unassociated address as no holder', async () => {
    association = undefined;
    expect(await (await api()).describe('eipalloc-0123456789abcdef0')).toEqual({});
  });
});

describe('primaryNetworkInterface (fake IMDSv2)', () => {
  const server = createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] !== '300') res.statusCode = 400;
      res.end('token-1');
      return;
    }
    if (req.headers['x-aws-ec2-metadata-token'] !== 'token-1') {
      res.statusCode = 401;
      res.end();
      return;
    }
    if (req.url === '/latest/meta-data/mac') res.end('0a:1b:2c:3d:4e:5f');
    else if (req.url === '/latest/meta-data/network/interfaces/macs/0a:1b:2c:3d:4e:5f/interface-id')
      res.end('eni-0123456789abcdef0\n');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await listen(server);
  });
  afterAll(() => server.close());

  it('finds the interface of the primary MAC with a session token', async () => {
    expect(await primaryNetworkInterface(endpoint)).toBe('eni-0123456789abcdef0');
  });
});
