/**
 * The `/unanswered` report an admin sees: the group's recent unanswered questions grouped by
 * similarity, each with its count, one example (already redacted when logged) and the best
 * guess. Plain text; platforms escape or neutralize it when sending.
 */
import type { QuestionCluster } from './cluster.js';

/** Clusters shown at most. */
export const REPORT_CLUSTERS = 10;
/** Longest example shown, in characters. */
const EXAMPLE_MAX = 60;

/** Options for {@link formatUnansweredReport}. */
export interface ReportOptions {
  /** How many questions were clustered. */
  total: number;
  /** Topic label of an intent id (best guess), if it has one. */
  labelOf: (intent: string) => string | undefined;
  /** Clusters shown at most (default 10). */
  limit?: number;
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/gu, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** The report text. */
export function formatUnansweredReport(clusters: readonly QuestionCluster[], options: ReportOptions): string {
  if (clusters.length === 0) return '最近 30 天本群没有我没能回答的问题。👍';
  const limit = options.limit ?? REPORT_CLUSTERS;
  const lines = [`本群最近我没能回答的问题：共 ${options.total} 条，按相似度归为 ${clusters.length} 类${clusters.length > limit ? `，显示前 ${limit} 类` : ''}。`];
  clusters.slice(0, limit).forEach((c, i) => {
    const label = c.bestGuess === null ? undefined : (options.labelOf(c.bestGuess) ?? c.bestGuess);
    const guess = label === undefined ? '无（可能与本群主题无关）' : `${label}（${Math.round(c.meanConfidence * 100)}%）`;
    lines.push(`${i + 1}. ×${c.count}「${clip(c.example, EXAMPLE_MAX)}」 最接近：${guess}`);
  });
  lines.push('', '手机号、身份证号、银行卡号已打码。想让我学会回答这些问题：请维护者运行 npm run kb:review 导出，整理后加入训练数据。');
  return lines.join('\n');
}
