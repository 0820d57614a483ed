import { api, ApiError } from '../../api/client'
import type { AuthUser, LoginResponse, StaffLoginRequest } from '../../api/types'

export function staffLogin(body: StaffLoginRequest): Promise<LoginResponse> {
  // The login page shows 400/401/423 inline; only unexpected failures toast.
  return api.post<LoginResponse>('/api/auth/staff/login', body, {
    silent: (e) => [400, 401, 423, 429].includes(e.status),
  })
}

/** The session user from the HttpOnly cookie, or null when there is none. */
export async function currentUser(): Promise<AuthUser | null> {
  try {
    return await api.get<AuthUser>('/api/auth/me', { silent: true })
  } catch (e) {
    if (e instanceof ApiError) return null
    throw e
  }
}

export function logout(): Promise<void> {
  return api.post<void>('/api/auth/logout')
}
