import type { Translated } from './messages';
import type { auditLogEn } from './messages';

/** Simplified Chinese, typed against the English tree; loaded with the Chinese locale only. */
export const auditLogZh: Translated<typeof auditLogEn> = {
  lockstep: {
    privacy: {
      menu: '隐私',
      audit_log: {
        verify: '验证哈希链',
        intact: '哈希链完整：已检查 %{smart_count} 条记录（无链头锚点）',
        intact_anchored: '哈希链完整：已检查 %{smart_count} 条记录',
        broken: '哈希链在第 %{seq} 条记录处断开（%{reason}）。',
        intact_prefix: '第 1–%{intact} 条记录完好。',
        reasons: { edited: '被篡改', removed: '被删除', reordered: '顺序被调换', truncated: '尾部被截断', rewritten: '被重写' },
        actor_kinds: { user: '用户', apiKey: 'API 密钥', system: '系统', plugin: '插件' },
        id: '记录 ID',
        hash: '哈希',
        prev_hash: '前一哈希',
        details: '详情',
        exact_action: '操作（精确匹配）',
      },
    },
  },
  resources: {
    audit: {
      name: '审计日志',
      fields: { seq: '序号', at: '时间', action: '操作', actor: '操作者', actorKind: '操作者类型', actorId: '操作者 ID', target: '对象', targetType: '对象类型', targetId: '对象 ID', hash: '哈希' },
    },
  },
};
