/** Where Socket.IO (engine.io) answers its HTTP and websocket requests: its default, named once. */
export const SOCKET_IO_PATH = '/socket.io';
