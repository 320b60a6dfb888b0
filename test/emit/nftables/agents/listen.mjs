// Runs inside the server namespace: TCP listeners that accept and close, UDP sockets that echo.
// Ports come as arguments ("tcp:22", "udp:5060"); prints "ready" once every socket is bound.
import dgram from 'node:dgram';
import net from 'node:net';

const specs = process.argv.slice(2).map((a) => a.split(':'));
let pending = specs.length;
const bound = () => {
  pending -= 1;
  if (pending === 0) process.stdout.write('ready\n');
};
for (const [proto, port] of specs) {
  if (proto === 'tcp') {
    // A prober closes at once; a reset must not end the listener.
    net
      .createServer((s) => s.on('error', () => {}).end())
      .listen({ port: Number(port), host: '::', ipv6Only: false }, bound);
  } else {
    const socket = dgram.createSocket({ type: 'udp6', ipv6Only: false });
    socket.on('message', (msg, from) => socket.send(msg, from.port, from.address));
    socket.bind(Number(port), '::', bound);
  }
}
