import type { Translated } from '../audit/messages';
import type { reportEn } from './messages';

/** Simplified Chinese, typed against the English tree; loaded with the Chinese locale only. */
export const reportZh: Translated<typeof reportEn> = {
  lockstep: {
    privacy: {
      audits: {
        run: '运行隐私审计',
        done: '隐私审计完成：%{smart_count} 项发现',
        html: 'HTML',
        pdf: 'PDF',
        ran: '运行于',
        checks_title: '检查项',
        passed: '通过',
        not_run: '无法运行',
        findings_count: '%{smart_count} 项发现',
        no_findings: '无发现：所有检查均通过。',
        severity: { high: '高', medium: '中', low: '低', info: '信息' },
        columns: { severity: '严重程度', finding: '发现', detail: '详情', fix: '修复建议' },
        checks: { encryption: '静态加密', purposes: '声明的处理目的', retention: '保留期限', requests: '数据主体请求', keys: '密钥轮换', 'audit-chain': '审计日志哈希链' },
        settings: {
          title: '审计阈值',
          keyMaxAgeDays: '租户数据密钥最长使用天数',
          keyMaxAgeDays_help: '超过即记为发现（默认 90）',
          masterKeyMaxAgeDays: '主密钥最长使用天数',
          masterKeyMaxAgeDays_help: '超过即记为发现（默认 365）',
          invalid: '1 到 3650 之间的整数',
          save: '保存阈值',
          saved: '审计阈值已保存',
        },
      },
    },
  },
  resources: { 'privacy/audits': { name: '隐私审计', fields: { ranAt: '运行时间', actor: '运行者', summary: '发现', links: '报告' } } },
};
