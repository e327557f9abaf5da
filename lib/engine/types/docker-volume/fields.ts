import type { FormField } from "../form-fields";

export const dockerVolumeFields: FormField[] = [
  { name: "volume", label: "Volume name", kind: "text", required: true, placeholder: "app_data", help: "The image that reads it is meta.dockerImage (default alpine:3.20)" },
];
