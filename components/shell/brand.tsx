import { LifeBuoy } from "lucide-react";
import { cn } from "@/lib/ui/cn";

export function Brand({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-bold", className)}>
      <LifeBuoy aria-hidden className="h-5 w-5 text-destructive" />
      Lifeboat
    </span>
  );
}
