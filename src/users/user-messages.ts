export const DUPLICATE_ACCOUNT = 'Username or email already exists';
