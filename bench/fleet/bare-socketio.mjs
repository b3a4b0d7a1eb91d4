// Baseline 1: a bare Socket.IO server of the same version, doing what the gateway's handshake does
// minus everything that is ours: read auth.api_key at the handshake, answer auth_success on
// connect, acknowledge heartbeats. PORT from the environment; prints "listening" when ready.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
const agents = io.of('/agents');
agents.use((socket, next) => {
  const key = socket.handshake.auth?.api_key;
  next(typeof key === 'string' && key.startsWith('chatops_') ? undefined : new Error('Invalid API key'));
});
agents.on('connection', (socket) => {
  socket.emit('auth_success', { type: 'auth_success', server_id: 'bare', message: 'Connected successfully' });
  socket.on('heartbeat', (_payload, ack) => typeof ack === 'function' && ack({ type: 'heartbeat_ack' }));
});
http.listen({ port: Number(process.env.PORT), host: '127.0.0.1', backlog: 4096 }, () =>
  console.log('listening'),
);
