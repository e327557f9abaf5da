// What a notification channel row holds, as the transports read it (the service validates input into it).
/** Non-secret config kept in notification_channels.config. */
export interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
  digestHour: number;
}
export interface WebhookConfig {
  /** The URL with its path and query hidden; the real one is sealed in secretEnc. */
  urlDisplay: string;
  slack: boolean;
  digestHour: number;
  /** Set by an admin on the channel: internal addresses allowed (absent on older channels = no). */
  allowInternal?: boolean;
}
/** Sealed in notification_channels.secret_enc. */
export interface ChannelSecret {
  password?: string;
  url?: string;
  hmacSecret?: string;
}
