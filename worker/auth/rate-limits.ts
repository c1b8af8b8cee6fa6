// The limits on what one client or one token may do in a minute: failed authentications, deposits and other writes.
import type { Context } from "hono";
import type { AppEnv, Caller } from "../env";
import { RepositoryError } from "../errors";
import { API_DEPOSIT_PATH, changesNothing, isDeskDepositPath } from "../request-kinds";

/**
 * Every `[[ratelimits]]` binding in wrangler.toml counts per 60 seconds (Cloudflare allows 10 or 60): a client told to
 * wait this long is never refused again for the same count.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** The client's address as Cloudflare saw it; one shared bucket where there is none (the local runtime, tests). */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}

function tooManyRequests(detail: string): RepositoryError {
  return new RepositoryError("too_many_requests", detail, { retry_after: RATE_LIMIT_PERIOD_SECONDS });
}

/**
 * Called when a bearer token was refused: past the limit the address is answered 429 instead of 401. Only failures
 * count, so a program with a good token is never slowed by someone else's mistakes behind the same address (a
 * university's shared address, say); a 256-bit token cannot be guessed anyway, and a flood of bad ones is told to stop.
 */
export async function limitFailedAuthentication(c: Context<AppEnv>): Promise<void> {
  const { success } = await c.env.AUTH_FAILURE_RATE_LIMIT.limit({ key: `token:${clientAddress(c)}` });
  if (!success) {
    throw tooManyRequests(`Too many requests with unknown or revoked tokens from this address. Wait ${RATE_LIMIT_PERIOD_SECONDS} seconds, then try again with a valid token.`);
  }
}

/**
 * Each token's deposits and other writes (POST, PUT, PATCH, DELETE), counted per token: a deposit (dry runs too: they
 * do the same parsing) against DEPOSIT_RATE_LIMIT, anything else against WRITE_RATE_LIMIT. Reads are never limited.
 */
export async function limitCallerWrites(c: Context<AppEnv>, caller: Caller | undefined): Promise<void> {
  if (!caller || changesNothing(c.req.method, c.req.path)) return;
  if (c.req.path === API_DEPOSIT_PATH || isDeskDepositPath(c.req.path)) {
    const { success } = await c.env.DEPOSIT_RATE_LIMIT.limit({ key: `token:${caller.tokenId}` });
    if (!success) throw tooManyRequests(`This token has made too many deposits in the last minute. Wait ${RATE_LIMIT_PERIOD_SECONDS} seconds, then send the rest.`);
    return;
  }
  const { success } = await c.env.WRITE_RATE_LIMIT.limit({ key: `token:${caller.tokenId}` });
  if (!success) throw tooManyRequests(`This token has made too many changes in the last minute. Wait ${RATE_LIMIT_PERIOD_SECONDS} seconds, then send the rest.`);
}
