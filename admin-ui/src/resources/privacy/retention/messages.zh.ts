import type { Translated } from '../audit/messages';
import type { retentionEn } from './messages';

/** Simplified Chinese, typed against the English tree; loaded with the Chinese locale only. */
export const retentionZh: Translated<typeof retentionEn> = {
  lockstep: {
    privacy: {
      retention: {
        run_now: '立即运行',
        queued: '保留期限任务已排队',
        policy: '%{field} 之后 %{days} 天',
        kept: '保留至删除请求',
        last_run: '已删除 %{deleted} 条 · %{at}',
        sources: { declared: '声明的默认值', tenant: '租户策略', disabled: '已关闭', none: '无策略' },
        edit_title: '%{collection} 的保留期限',
        declared: '声明的默认值：%{field} 之后 %{days} 天。',
        declared_none: '无声明的默认值：文档保留至删除请求。',
        field: '日期字段',
        days: '天数',
        days_help: '文档在该日期字段之后这么多天被删除',
        days_invalid: '0 到 36500 之间的整数',
        enabled: '启用策略',
        reset: '恢复默认',
        saved: '%{collection} 的保留期限已保存',
        reset_done: '%{collection} 的保留期限已恢复默认',
        runs_title: '最近运行',
        no_runs: '尚未运行：任务每小时运行一次。',
        triggers: { schedule: '每小时', manual: '手动' },
        run_columns: { created: '创建时间', trigger: '触发方式', status: '状态', deleted: '已删除', collections: '集合' },
      },
    },
  },
  resources: {
    'privacy/retention/policies': {
      name: '保留期限',
      fields: { collection: '集合', owner: '所有者', policy: '策略', source: '来源', lastRun: '上次运行', edit: '' },
    },
  },
};
