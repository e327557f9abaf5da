import type { App } from "../../db/schema";

export interface AppDto {
  id: number;
  name: string;
  description: string | null;
  targetCount: number;
  createdAt: string;
  updatedAt: string | null;
}

export function toAppDto(a: App, targetCount = 0): AppDto {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    targetCount,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt ? a.updatedAt.toISOString() : null,
  };
}
