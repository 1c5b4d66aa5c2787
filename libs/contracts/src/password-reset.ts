/**
 * `POST /users/:id/password` (admin): sets a new password chosen by the admin, under the same rules
 * as a new user's (400 `VALIDATION_FAILED` naming `password`). Every session of that user ends at once,
 * except the one the request came from when an admin resets their own. Answered 204.
 */
export interface ResetPasswordRequest {
  password: string;
}
