import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/ui/cn";

const badgeVariants = cva("inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium", {
  variants: {
    variant: {
      default: "bg-secondary text-secondary-foreground",
      success: "bg-green-100 text-green-800 dark:bg-green-500/15 dark:text-green-300",
      danger: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300",
      warning: "bg-amber-100 text-amber-900 dark:bg-amber-500/15 dark:text-amber-300",
      info: "bg-blue-100 text-blue-800 dark:bg-blue-500/15 dark:text-blue-300",
      muted: "bg-muted text-muted-foreground",
    },
  },
  defaultVariants: { variant: "default" },
});

export function Badge({
  className,
  variant,
  ...props
}: React.HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}
