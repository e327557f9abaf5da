/** Encryption of stored artifacts in the age format (age-encryption.org/v1), via Debian's age CLI. */
export { AGE_IDENTITY, AGE_RECIPIENT, generateIdentity, isRecipient, recipientOf, type AgeKeyPair } from "./age-keys";
export { ageDecrypt, ageEncrypt, ageEncryptFile, type AgeStage } from "./age-stream";
export { locationIdentity, locationRecipients, newLocationIdentity, type LocationAgeColumns } from "./location-keys";
