// Runs inside the client namespace: one connection attempt per probe, each bounded by a timeout.
// argv[2] is JSON [{ proto, from, to, port }]; prints JSON ["open" | "closed", ...] in the same order.
import dgram from 'node:dgram';
import net from 'node:net';

const TIMEOUT_MS = 1500;
const probes = JSON.parse(process.argv[2]);

function tcp({ from, to, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: to, port, localAddress: from });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(TIMEOUT_MS, () => done('closed'));
    socket.on('connect', () => done('open'));
    socket.on('error', () => done('closed'));
  });
}

function udp({ from, to, port }) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(to.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => done('closed'), TIMEOUT_MS);
    const done = (result) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    socket.on('message', () => done('open'));
    socket.on('error', () => done('closed'));
    socket.bind(0, from, () => socket.send('pbxc-probe', port, to));
  });
}

const results = [];
for (const probe of probes) results.push(await (probe.proto === 'tcp' ? tcp(probe) : udp(probe)));
process.stdout.write(`${JSON.stringify(results)}\n`);
