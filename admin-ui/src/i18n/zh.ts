import chineseMessages from 'ra-language-chinese';
import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import type { lockstepEn } from './en';
import { mergeMessages } from './merge';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Simplified Chinese; typed against the English tree so no key is forgotten. */
const lockstepZh: DeepStrings<typeof lockstepEn> = {
  ra: { auth: { username: '邮箱' } },
  lockstep: {
    none: '—',
    actions: '操作',
    roles: {
      owner: '所有者',
      merchant: '商家',
      analyst: '分析师',
      compliance_officer: '合规专员',
      plugin_developer: '插件开发者',
    },
    status: {
      ok: '正常',
      up: '运行中',
      degraded: '降级',
      down: '宕机',
      error: '错误',
      active: '已启用',
      disabled: '已停用',
      failed: '失败',
      revoked: '已吊销',
      waiting: '等待中',
      delayed: '延迟',
      paused: '已暂停',
      completed: '已完成',
      prioritized: '优先',
      'waiting-children': '等待子任务',
      queued: '排队中',
      running: '运行中',
      processing: '处理中',
    },
    dashboard: {
      title: 'Lockstep 概览',
      unavailable: '不可用',
      health: {
        title: '平台健康',
        store: '存储',
        redis: 'Redis',
        workers: '工作进程',
        latency: '%{ms} 毫秒',
        no_workers: '没有正在运行的工作进程。',
        worker: '工作进程',
        capabilities: '能力',
        tf_backend: 'TF.js 后端',
        queues: '队列',
      },
      plugins: { title: '插件', none: '未加载任何插件。' },
      queues: { title: '队列深度', none: '暂无队列。', queue: '队列', workers: '工作进程' },
    },
    plugins: {
      enable: '启用 %{name}',
      disable: '停用 %{name}',
      enabled: '插件 %{name} 已启用',
      disabled: '插件 %{name} 已停用',
    },
    api_keys: {
      kinds: { publishable: '可公开', secret: '私密' },
      state: '状态',
      revoke: '吊销',
      revoke_title: '吊销密钥 %{name}?',
      revoke_content: '使用此密钥的应用将立即失效,且无法撤销。',
      revoked: 'API 密钥已吊销',
      created_title: 'API 密钥已创建',
      created_warning: '请立即复制密钥:它只显示一次,之后无法再次获取。',
      key: '密钥',
      copy: '复制',
      copied: '已复制',
      done: '完成',
    },
    jobs: { retry: '重试', retried: '任务已重新排队', no_logs: '没有日志。' },
    tenants: { slug_help: '小写字母、数字和短横线;用于 URL。' },
    validation: {
      slug: '请使用小写字母、数字和单个短横线',
      key: '2–40 个小写字母、数字、"-" 或 "_"',
      currency: '三位 ISO 货币代码,例如 CNY',
      json: 'JSON 格式无效',
      products: '需要一个非空的商品对象 JSON 数组',
      too_many_products: '每次导入最多 5000 个商品',
    },
    catalog: {
      import_json: '商品 (JSON)',
      import_help: '由 {sku, title, price, currency, description?, stock?, channels?} 组成的数组;已存在的 SKU 将被更新。',
      channel_kinds: {
        web: '网页',
        ios: 'iOS',
        android: 'Android',
        tablet: '平板',
        watch: '手表',
        social: '社交',
        store_pos: '门店 POS',
        call_center: '呼叫中心',
        custom: '自定义',
      },
    },
  },
  resources: {
    tenants: {
      name: '租户',
      fields: { name: '名称', slug: '标识', status: '状态', createdAt: '创建时间' },
    },
    users: {
      name: '用户',
      fields: {
        email: '邮箱',
        name: '姓名',
        role: '角色',
        password: '密码',
        createdAt: '创建时间',
        lastLoginAt: '最近登录',
      },
    },
    'api-keys': {
      name: 'API 密钥',
      fields: {
        name: '名称',
        kind: '类型',
        prefix: '前缀',
        createdAt: '创建时间',
        revokedAt: '吊销时间',
        lastUsedAt: '最近使用',
      },
    },
    plugins: {
      name: '插件',
      fields: {
        name: '名称',
        version: '版本',
        description: '描述',
        status: '状态',
        enabled: '启用',
        error: '错误',
      },
    },
    jobs: {
      name: '任务',
      fields: {
        id: 'ID',
        queue: '队列',
        name: '名称',
        state: '状态',
        progress: '进度',
        attemptsMade: '尝试次数',
        failedReason: '失败原因',
        data: '数据',
        returnvalue: '返回值',
        logs: '日志',
        createdAt: '创建时间',
        processedAt: '开始时间',
        finishedAt: '结束时间',
      },
    },
    'catalog/products': {
      name: '商品',
      fields: {
        sku: 'SKU',
        title: '标题',
        description: '描述',
        price: '价格',
        currency: '货币',
        channels: '渠道',
        stock: '库存',
        updatedAt: '更新时间',
      },
    },
    'catalog/channels': {
      name: '渠道',
      fields: { key: '键', name: '名称', kind: '类型' },
    },
    'catalog/imports': {
      name: '商品导入',
      fields: {
        status: '状态',
        total: '总数',
        processed: '进度',
        failed: '失败',
        jobId: '任务',
        createdAt: '创建时间',
      },
    },
  },
};

/** react-admin messages that ra-language-chinese 2.x predates (it was written for react-admin 2). */
const raZhAdditions = {
  ra: {
    action: {
      select_all: '全选',
      select_row: '选择此行',
      update: '更新',
      move_up: '上移',
      move_down: '下移',
      open: '打开',
      toggle_theme: '切换主题',
      select_columns: '列',
      update_application: '重新加载应用',
    },
    page: {
      access_denied: '拒绝访问',
      authentication_error: '认证错误',
    },
    message: {
      access_denied: '您没有访问此页面的权限',
      authentication_error: '认证服务器返回错误,无法验证您的凭据。',
      placeholder_data_warning: '网络问题:数据刷新失败。',
    },
    navigation: {
      page_rows_per_page: '每页行数:',
      previous: '上一页',
    },
    auth: { email: '邮箱' },
    notification: {
      not_authorized: '您无权访问此资源。',
      application_update_available: '有新版本可用。',
    },
    sort: { sort_by: '按%{field}%{order}排序' },
  },
};

/** English underneath, so any react-admin message missing from the Chinese pack still reads sensibly. */
const zh = mergeMessages(englishMessages, chineseMessages, raZhAdditions, lockstepZh) as unknown as TranslationMessages;
export default zh;
