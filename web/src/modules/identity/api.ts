import { ApiError, http, unwrap } from '../../api/client'
import type { AuthUser, LoginResponse, StaffLoginRequest } from '../../api/types'

export function staffLogin(body: StaffLoginRequest): Promise<LoginResponse> {
  // The login page shows 400/401/423 inline; only unexpected failures toast.
  return unwrap(http.POST('/api/auth/staff/login', { body }), (e) => [400, 401, 423, 429].includes(e.status))
}

/** The session user from the HttpOnly cookie, or null when there is none. */
export async function currentUser(): Promise<AuthUser | null> {
  try {
    return await unwrap(http.GET('/api/auth/me'), true)
  } catch (e) {
    if (e instanceof ApiError) return null
    throw e
  }
}

export async function logout(): Promise<void> {
  await unwrap(http.POST('/api/auth/logout'))
}
