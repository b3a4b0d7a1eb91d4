export const DUPLICATE_ACCOUNT = 'Username or email already exists';
export const INVALID_CURRENT_PASSWORD = 'Current password is incorrect';
