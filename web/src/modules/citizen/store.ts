import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CitizenLoginRequest, CitizenUser } from '../../api/types'
import * as citizenApi from './api'

/**
 * The logged-in citizen (群众). Like the staff store, only the user lives here: the session is the
 * server's HttpOnly cookie (tongban.citizen), separate from the staff one: a person can be logged in to the
 * workbench and the portal in one browser, and logging out of one leaves the other.
 */
export const useCitizen = defineStore('citizen', () => {
  const user = ref<CitizenUser | null>(null)
  let restoring: Promise<void> | null = null

  const isLoggedIn = computed(() => user.value !== null)

  async function login(body: CitizenLoginRequest): Promise<CitizenUser> {
    const res = await citizenApi.citizenLogin(body)
    user.value = res.user
    restoring = Promise.resolve()
    return res.user
  }

  function restore(): Promise<void> {
    restoring ??= citizenApi
      .currentCitizen()
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
      await citizenApi.citizenLogout()
    } finally {
      user.value = null
      restoring = Promise.resolve()
    }
  }

  return { user, isLoggedIn, login, restore, logout }
})
