// The flusher's own IoTDB user: what lets a host start its flusher again with no `up`. Pure.
//
// The flusher (host-tools/IotdbFlusher.java) runs `FLUSH ON LOCAL` and writes its side's canary
// heartbeat. To start it again after a reboot, the host's supervisor must hold a password it can log
// in with. It holds this user's, never root's: on IoTDB 2.0.10 FLUSH asks the global SYSTEM privilege
// (TreeAccessCheckVisitor.visitFlush) and the heartbeat asks WRITE_DATA and WRITE_SCHEMA on the
// side's canary device; the user gets those and nothing else. SYSTEM does not hold MANAGE_USER or
// MANAGE_ROLE (SECURITY does), so the user cannot create users, grant, or change root's password.
//
// Its password is derived from root's (HMAC-SHA256 keyed with it): no new secret to configure, it
// changes whenever root's is rotated, and it does not give root's away.
import { createHmac } from "crypto";
import { canaryPattern } from "./canary";
import type { SideKey } from "./pairPlan";

/** The flusher's login on each side. */
export const FLUSHER_USER = "dual_active_flusher";

/** The global privilege FLUSH needs on 2.0.10 (the sync user's SYSTEM, lib/plan/syncAccess.ts). */
export const FLUSHER_GLOBAL_PRIVILEGE = "SYSTEM";
/** What the heartbeat needs on the side's canary device. */
export const FLUSHER_CANARY_PRIVILEGES = ["WRITE_DATA", "WRITE_SCHEMA"] as const;

/** IoTDB 2.0.10 takes passwords of 4 to 32 characters; base64url's alphabet is within what it accepts. */
const PASSWORD_LENGTH = 32;

/** The flusher user's password on a side whose root password is `adminPassword`. */
export function flusherPassword(adminPassword: string): string {
    if (adminPassword.length === 0) throw new Error("flusherPassword: root's password is empty");
    return createHmac("sha256", adminPassword).update("iotdb-dual-active flusher").digest("base64url").slice(0, PASSWORD_LENGTH);
}

/** The paths the flusher user writes (its side's heartbeat device). */
export function flusherWritePaths(side: SideKey): string[] {
    return [canaryPattern(side)];
}
