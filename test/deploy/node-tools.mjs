// Test helper run INSIDE the fake node (it needs the node's network): talks to the local S3 and SSM
// with pbxc's own compiled stores (dist/). Commands:
//   cloud DIR BUCKET...             start s3rver (:4568) and the fake SSM (:4583), print "ready"
//   s3 DIR BUCKET...                start s3rver (:4568) alone (provider: generic), print "ready"
//   put-param NAME VALUE            set an SSM parameter
//   get-param NAME                  print an SSM parameter
//   publish-tree DIR BUCKET PARAM   recompute DIR's MANIFEST.json, pack, upload, point PARAM at it
//   fs-api COMMAND                  a FreeSWITCH API command over the active tree's event socket
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../../dist/src/', import.meta.url);
const settings = () => ({
  region: 'eu-central-1',
  s3Endpoint: process.env.AWS_ENDPOINT_URL_S3,
  ssmEndpoint: process.env.AWS_ENDPOINT_URL_SSM,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const stores = () => import(new URL('deploy/publish/aws-stores.js', dist).href);

function list(dir, prefix = '') {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, rel)).isDirectory() ? list(dir, rel) : [rel];
    });
}

const [command, ...args] = process.argv.slice(2);
if (command === 'cloud' || command === 's3') {
  const { default: S3rver } = await import('s3rver');
  const { startFakeSsm } = await import('./fake-ssm.mjs');
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 4568,
    silent: true,
    directory: args[0],
    configureBuckets: args.slice(1).map((name) => ({ name, configs: [] })),
  });
  await s3.run();
  if (command === 'cloud') await startFakeSsm(4583);
  process.stdout.write('ready\n');
} else if (command === 'put-param') {
  await (await (await stores()).ssmStore(settings())).put(args[0], args[1]);
} else if (command === 'get-param') {
  process.stdout.write(`${(await (await (await stores()).ssmStore(settings())).get(args[0])) ?? ''}\n`);
} else if (command === 'publish-tree') {
  const [dir, bucket, param] = args;
  const { buildManifest, manifestFile } = await import(new URL('out/manifest.js', dist).href);
  const { packBundle } = await import(new URL('deploy/pack/bundle.js', dist).href);
  const files = list(dir)
    .filter((p) => p !== 'MANIFEST.json')
    .map((path) => ({ path, content: readFileSync(join(dir, path), 'utf8') }));
  const old = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8'));
  const manifest = manifestFile(buildManifest(files, 'render', old.version, old.specDigest));
  writeFileSync(join(dir, 'MANIFEST.json'), manifest.content);
  const bundle = packBundle([manifest, ...files]);
  const key = `bundles/${bundle.sha256}.tar.gz`;
  const { s3Store, ssmStore } = await stores();
  await (await s3Store(settings(), bucket)).put(key, bundle.bytes, bundle.sha256);
  const pointer = { version: bundle.version, key, sha256: bundle.sha256 };
  await (await ssmStore(settings())).put(param, JSON.stringify(pointer));
  process.stdout.write(`${JSON.stringify(pointer)}\n`);
} else if (command === 'fs-api') {
  // an API command through the event socket of the active tree, as the agent does
  const { eventSocketTarget, eventSocketApi } = await import(
    new URL('deploy/agent/event-socket.js', dist).href
  );
  const target = eventSocketTarget(
    readFileSync('/etc/freeswitch/autoload_configs/event_socket.conf.xml', 'utf8'),
  );
  process.stdout.write(`${(await eventSocketApi(target, [args[0]]))[0]}\n`);
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
