export const DUPLICATE_SERVER_NAME = 'Server name already exists';
export const ADMIN_REQUIRED = 'Admin privileges required';
