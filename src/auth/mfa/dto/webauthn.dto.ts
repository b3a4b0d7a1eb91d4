import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The WebAuthn JSON shapes (W3C WebAuthn Level 3 `toJSON()` forms, as @simplewebauthn/browser's
 * startRegistration/startAuthentication take and return them). Binary values are base64url.
 * These classes document the shapes; the library checks them.
 */
class RelyingPartyDto {
  @ApiProperty({ example: 'ChatOps' }) name: string;
  @ApiProperty({ example: 'chatops.example.com', description: "PUBLIC_URL's host name." })
  id: string;
}

class WebauthnUserDto {
  @ApiProperty({ description: 'base64url user handle' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() displayName: string;
}

class CredentialParameterDto {
  @ApiProperty({ enum: ['public-key'] }) type: string;
  @ApiProperty({ example: -7, description: 'COSE algorithm (-7 ES256, -8 EdDSA, -257 RS256)' })
  alg: number;
}

class CredentialDescriptorDto {
  @ApiProperty({ description: 'base64url credential id' }) id: string;
  @ApiProperty({ enum: ['public-key'] }) type: string;
  @ApiPropertyOptional({ type: [String], example: ['internal', 'hybrid'] }) transports?: string[];
}

class AuthenticatorSelectionDto {
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] }) residentKey?: string;
  @ApiPropertyOptional() requireResidentKey?: boolean;
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] })
  userVerification?: string;
}

export class RegistrationOptionsDto {
  @ApiProperty({ description: 'base64url; single use, valid 5 minutes' }) challenge: string;
  @ApiProperty({ type: RelyingPartyDto }) rp: RelyingPartyDto;
  @ApiProperty({ type: WebauthnUserDto }) user: WebauthnUserDto;
  @ApiProperty({ type: [CredentialParameterDto] }) pubKeyCredParams: CredentialParameterDto[];
  @ApiPropertyOptional({ example: 300000 }) timeout?: number;
  @ApiPropertyOptional({
    type: [CredentialDescriptorDto],
    description: "The caller's passkeys already registered (not to be registered twice).",
  })
  excludeCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ type: AuthenticatorSelectionDto })
  authenticatorSelection?: AuthenticatorSelectionDto;
  @ApiPropertyOptional({ enum: ['none'] }) attestation?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) extensions?: object;
}

export class AuthenticationOptionsDto {
  @ApiProperty({ description: 'base64url; single use, valid 5 minutes' }) challenge: string;
  @ApiPropertyOptional({ example: 300000 }) timeout?: number;
  @ApiPropertyOptional() rpId?: string;
  @ApiPropertyOptional({
    type: [CredentialDescriptorDto],
    description: 'Empty for a sign-in without a password (any discoverable passkey).',
  })
  allowCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] })
  userVerification?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) extensions?: object;
}

class AttestationResponseDto {
  @ApiProperty({ description: 'base64url' }) clientDataJSON: string;
  @ApiProperty({ description: 'base64url' }) attestationObject: string;
  @ApiPropertyOptional({ description: 'base64url' }) authenticatorData?: string;
  @ApiPropertyOptional({ type: [String] }) transports?: string[];
  @ApiPropertyOptional() publicKeyAlgorithm?: number;
  @ApiPropertyOptional({ description: 'base64url' }) publicKey?: string;
}

/** What navigator.credentials.create() returned, as JSON (RegistrationResponseJSON). */
export class RegistrationResponseDto {
  @ApiProperty({ description: 'base64url credential id' }) id: string;
  @ApiProperty({ description: 'base64url, the same as id' }) rawId: string;
  @ApiProperty({ type: AttestationResponseDto }) response: AttestationResponseDto;
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] }) authenticatorAttachment?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) clientExtensionResults: object;
  @ApiProperty({ enum: ['public-key'] }) type: string;
}

class AssertionResponseDto {
  @ApiProperty({ description: 'base64url' }) clientDataJSON: string;
  @ApiProperty({ description: 'base64url' }) authenticatorData: string;
  @ApiProperty({ description: 'base64url' }) signature: string;
  @ApiPropertyOptional({ description: 'base64url; the user handle of a discoverable passkey' })
  userHandle?: string;
}

/** What navigator.credentials.get() returned, as JSON (AuthenticationResponseJSON). */
export class AuthenticationResponseDto {
  @ApiProperty({ description: 'base64url credential id' }) id: string;
  @ApiProperty({ description: 'base64url, the same as id' }) rawId: string;
  @ApiProperty({ type: AssertionResponseDto }) response: AssertionResponseDto;
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] }) authenticatorAttachment?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) clientExtensionResults: object;
  @ApiProperty({ enum: ['public-key'] }) type: string;
}
