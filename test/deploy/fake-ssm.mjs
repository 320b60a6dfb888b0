// A tiny SSM Parameter Store over HTTP (AWS JSON 1.1 protocol: POST /, X-Amz-Target: AmazonSSM.<Op>),
// enough for pbxc: PutParameter, GetParameter, GetParametersByPath. No local SSM server exists on npm;
// the real SDK client talks to this one over real HTTP. Plain JS so it also runs as a script:
//   node fake-ssm.mjs PORT   (prints "ready PORT", keeps parameters in memory)
import { createServer } from 'node:http';

export function startFakeSsm(port = 0, host = '127.0.0.1') {
  const params = new Map();
  const calls = [];
  const fail = (res, type, message) => {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ __type: type, message }));
  };
  const view = (p) => ({
    Name: p.Name,
    Type: p.Type,
    Value: p.Value,
    Version: p.Version,
    DataType: 'text',
    LastModifiedDate: p.LastModifiedDate,
    ARN: `arn:aws:ssm:local:000000000000:parameter${p.Name}`,
  });
  const ops = {
    PutParameter(req, res) {
      const old = params.get(req.Name);
      if (old && !req.Overwrite) return fail(res, 'ParameterAlreadyExists', 'The parameter already exists.');
      if (typeof req.Name !== 'string' || typeof req.Value !== 'string')
        return fail(res, 'ValidationException', 'Name and Value');
      const version = (old?.Version ?? 0) + 1;
      params.set(req.Name, {
        Name: req.Name,
        Value: req.Value,
        Type: req.Type ?? old?.Type ?? 'String',
        Version: version,
        LastModifiedDate: Date.now() / 1000,
      });
      res.end(JSON.stringify({ Version: version, Tier: 'Standard' }));
    },
    GetParameter(req, res) {
      const p = params.get(req.Name);
      if (!p) return fail(res, 'ParameterNotFound', `Parameter ${req.Name} not found.`);
      res.end(JSON.stringify({ Parameter: view(p) }));
    },
    GetParametersByPath(req, res) {
      const prefix = req.Path.endsWith('/') ? req.Path : `${req.Path}/`;
      const found = [...params.values()]
        .filter(
          (p) => p.Name.startsWith(prefix) && (req.Recursive || !p.Name.slice(prefix.length).includes('/')),
        )
        .sort((a, b) => (a.Name < b.Name ? -1 : 1));
      const start = req.NextToken ? Number(req.NextToken) : 0;
      const page = found.slice(start, start + 10);
      res.end(
        JSON.stringify({
          Parameters: page.map(view),
          ...(start + 10 < found.length ? { NextToken: String(start + 10) } : {}),
        }),
      );
    },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
      calls.push({ op, authorization: String(req.headers.authorization ?? '') });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      let parsed;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        return fail(res, 'SerializationException', 'bad JSON');
      }
      if (!ops[op]) return fail(res, 'InvalidAction', `unsupported operation ${op}`);
      ops[op](parsed, res);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: address.port,
        url: `http://${host}:${address.port}`,
        params,
        calls,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ssm = await startFakeSsm(Number(process.argv[2] ?? 0));
  process.stdout.write(`ready ${ssm.port}\n`);
}
