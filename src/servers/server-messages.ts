export const DUPLICATE_SERVER_NAME = 'Server name already exists';
