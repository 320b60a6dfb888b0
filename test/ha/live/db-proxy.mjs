// A TCP front for the test PostgreSQL's Unix socket, run inside the LAN namespace by
// test/ha/live/two-nodes.ts (dbOverTcp): the nodes reach the database over their own link, so
// cutting a node's link also cuts it from the database (a Unix socket is reachable from every
// namespace: it is a file). Usage: node db-proxy.mjs LISTEN_IP LISTEN_PORT SOCKET_PATH
import net from 'node:net';

const [ip, port, socket] = process.argv.slice(2);
const server = net.createServer((client) => {
  const upstream = net.connect(socket);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(Number(port), ip, () => console.log(`listening ${ip}:${port}`));
process.on('SIGTERM', () => process.exit(0));
