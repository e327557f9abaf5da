/** The form's "remove the stored value" box of a secret field: `clearPassword` for `password`. */
export const clearFlag = (field: string) => `clear${field[0]!.toUpperCase()}${field.slice(1)}`;
