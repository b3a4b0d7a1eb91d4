import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as `null`. Unlike `IsOptional()`, which lets null through
 * to a NOT NULL column (a 500), this validates null like any other value, so it is refused (422).
 */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
