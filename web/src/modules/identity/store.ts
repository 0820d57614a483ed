import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AuthUser, StaffLoginRequest } from '../../api/types'
import * as authApi from './api'

/**
 * Only the user object lives here: the access token travels in the server's HttpOnly cookie,
 * so no script can read it.
 */
export const useAuth = defineStore('auth', () => {
  const user = ref<AuthUser | null>(null)
  let restoring: Promise<void> | null = null

  const isLoggedIn = computed(() => user.value !== null)

  async function login(credentials: StaffLoginRequest): Promise<AuthUser> {
    const res = await authApi.staffLogin(credentials)
    user.value = res.user
    restoring = Promise.resolve()
    return res.user
  }

  /** Asks the server once per page load whether the cookie still holds a session. */
  function restore(): Promise<void> {
    restoring ??= authApi
      .currentUser()
      .then((u) => {
        user.value = u
      })
      .catch(() => {
        user.value = null
      })
    return restoring
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      user.value = null
      restoring = Promise.resolve()
    }
  }

  return { user, isLoggedIn, login, restore, logout }
})
