/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vite'

const api = 'http://localhost:5080'
const proxy = {
  '/api': { target: api, changeOrigin: false },
  '/health': { target: api, changeOrigin: false },
  '/openapi': { target: api, changeOrigin: false },
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: a full import is ~1.6 MB. Components used in templates and
    // ElMessage & co. in scripts are imported (with their CSS) only where they are used.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
      dirs: [],
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: {
    // The ASP.NET Core app serves the built front end from its wwwroot (git-ignored).
    outDir: '../src/Tongban/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 20 },
            { name: 'element-plus', test: /[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@vueuse|@ctrl|dayjs|async-validator|lodash-es|lodash-unified|memoize-one|normalize-wheel-es)[\\/]/, priority: 10 },
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    // element-plus/es imports its CSS; let Vite transform it instead of Node.
    server: { deps: { inline: ['element-plus'] } },
    // In CI these run beside the .NET tests on the same two cores: mounting a page with Element Plus can take seconds.
    testTimeout: 30_000,
  },
})
