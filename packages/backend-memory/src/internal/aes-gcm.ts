/** Bytes of the random nonce stored before the ciphertext (AES-256-GCM, as the AWS backend stores it). */
export const IV_BYTES = 12;
/** Bytes of the authentication tag stored after the ciphertext. */
export const TAG_BYTES = 16;
