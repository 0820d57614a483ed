import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { i18n } from './i18n'
import { useAuth } from './modules/identity/store'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?: string
    requiresAuth?: boolean
    /** Shown without the site header and footer (the big screen). */
    fullScreen?: boolean
  }
}

const placeholder = () => import('./modules/workbench/WorkbenchPlaceholder.vue')

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'portal', component: () => import('./modules/catalog/PortalHome.vue'), meta: { titleKey: 'portal.title' } },
  { path: '/items/:code', name: 'guide', component: () => import('./modules/catalog/ServiceGuide.vue'), meta: { titleKey: 'guide.title' } },
  { path: '/login', name: 'login', component: () => import('./modules/identity/LoginPage.vue'), meta: { titleKey: 'auth.loginTitle' } },
  {
    path: '/workbench',
    component: () => import('./modules/workbench/WorkbenchLayout.vue'),
    meta: { requiresAuth: true, titleKey: 'workbench.title' },
    children: [
      { path: '', name: 'workbench', component: () => import('./modules/workbench/WorkbenchOverview.vue') },
      { path: 'todo', name: 'workbench-todo', component: () => import('./modules/workbench/CaseQueue.vue'), meta: { titleKey: 'workbench.menu.todo' } },
      { path: 'accept', name: 'workbench-new-case', component: () => import('./modules/workbench/NewCase.vue'), meta: { titleKey: 'workbench.newCase.title' } },
      { path: 'cases/:caseNumber', name: 'workbench-case', component: () => import('./modules/workbench/CaseDetail.vue'), meta: { titleKey: 'workbench.menu.cases' } },
      { path: 'review', name: 'workbench-review', component: placeholder, meta: { titleKey: 'workbench.menu.review' } },
      { path: 'supervision', name: 'workbench-supervision', component: placeholder, meta: { titleKey: 'workbench.menu.supervision' } },
      { path: 'sms', name: 'workbench-sms', component: () => import('./modules/workbench/SmsAdmin.vue'), meta: { titleKey: 'workbench.menu.sms' } },
      { path: 'stats', name: 'workbench-stats', component: placeholder, meta: { titleKey: 'workbench.menu.stats' } },
    ],
  },
  { path: '/kiosk', name: 'kiosk', component: () => import('./modules/kiosks/KioskHome.vue'), meta: { titleKey: 'kiosk.title' } },
  { path: '/screen', name: 'screen', component: () => import('./modules/analytics/ScreenHome.vue'), meta: { titleKey: 'screen.title', requiresAuth: true, fullScreen: true } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFound.vue'), meta: { titleKey: 'errors.notFoundTitle' } },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path === from.path) return false
    return { top: 0 }
  },
})

router.beforeEach(async (to) => {
  if (!to.matched.some((r) => r.meta.requiresAuth)) return true
  const auth = useAuth()
  await auth.restore()
  if (auth.isLoggedIn) return true
  return { path: '/login', query: { redirect: to.fullPath } }
})

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(v: unknown, fallback = '/workbench'): string {
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : fallback
}

export function pageTitle(titleKey: string | undefined): string {
  const site = i18n.global.t('app.siteName')
  return titleKey ? `${i18n.global.t(titleKey)} - ${site}` : site
}
