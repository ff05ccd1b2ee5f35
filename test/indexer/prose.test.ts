import { describe, expect, it } from 'vitest';
import { detectLanguage, englishMarkers, proseOnly } from '../../server/indexer/language.ts';
import { parseDocument } from '../../server/indexer/parse.ts';

// Real zh-cn snippets of the Kubernetes website (kubernetes-website-2025.bundle at head;
// CC-BY-4.0, (c) The Kubernetes Authors) that english-fallback once flagged: code-like
// text that reads as English in every language (issue 16: 0 right in 35 sampled).
const codeLike: [string, string][] = [
  ['HTTP request line (kubernetes-api/workload-resources/deployment-v1)', 'PUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}'],
  ['HTTP response line', '200 (Deployment): OK'],
  ['annotation name as a heading (labels-annotations-taints)', 'service.beta.kubernetes.io/aws-load-balancer-scheme (beta)'],
  ['table row of identifiers (using-api/client-libraries)', 'Python | github.com/Frankkkkk/pykorm'],
  ['table row of file names and flags (setup/best-practices/certificates)', '| etcd/peer.key | etcd/peer.crt | etcd | --peer-key-file | --peer-cert-file'],
  ['mermaid diagram (contribute/style/diagram-guide)', 'graph TB subgraph "zoneB" n3(Node3) n4(Node4) end subgraph "zoneA" n1(Node1) n2(Node2) end'],
  ['kubelet authorization table (kubelet-authn-authz)', 'verb=*, resource=nodes, subresource=proxy'],
];

describe('prose of a block: code-like words taken out before its language is judged', () => {
  it.each(codeLike)('%s has no English prose: %s', (_, text) => {
    const judged = detectLanguage(text, 'zh');
    expect(judged.lang === 'en' && judged.confidence >= 0.6).toBe(false);
    expect(
      proseOnly(text)
        .split(' ')
        .filter((w) => /^[A-Za-z]{2,}$/.test(w)).length,
    ).toBeLessThan(4);
  });

  it('a quoted English title in a link list is no prose to translate; the sentence around a title is', () => {
    expect(proseOnly('"Spotlight on SIG Apps" by Sandipan Panda', true)).toBe('by Sandipan Panda');
    expect(proseOnly('For more information, see "Managing your license for GitHub Enterprise."', true)).toBe('For more information, see');
  });

  it.each([
    ['names in a contributor list (zh-cn blog csi-migration-status)', 'Humble Devassy Chirammal (humblec)', 0],
    ['a KEP title in a link list (ja blog Kubernetes v1.32 release)', 'Bound service account token improvements', 0],
    ['a blog title with its date in a link list (ja blog gateway-api-v1.1)', 'Introducing ingress2gateway; Simplifying Upgrades to Gateway API 10/2023', 1],
    ['a sentence', 'Since etcd was created first, you must override the service priority by creating a new unit file', 2],
  ])('%s has %i English function words', (_, text, atLeast) => {
    expect(englishMarkers(proseOnly(text, true))).toBe(atLeast === 2 ? englishMarkers(proseOnly(text, true)) : atLeast);
    expect(englishMarkers(proseOnly(text, true)) >= 2).toBe(atLeast === 2);
  });

  it('a Chinese list item holding PromQL (cluster-administration/dra) is not English', () => {
    const item = '工作队列处理时长：观察 histogram_quantile(0.99, sum(rate(workqueue_work_duration_seconds_bucket{name="resource_claim"}[5m])) by (le))，';
    const judged = detectLanguage(item, 'zh');
    expect(judged.lang === 'en' && judged.confidence >= 0.6).toBe(false);
  });

  it('Japanese glued to an English title is Japanese (ja concepts/workloads/pods)', () => {
    const text = 'The Distributed System Toolkit: Patterns for Composite Containersでは、2つ以上のコンテナを利用する場合の一般的なパターンを紹介しています。';
    expect(detectLanguage(text, 'ja').lang).toBe('ja');
  });

  it.each([
    ['an English sentence left in a zh-cn blog post', 'Have the opportunity to meet with the experts and go step by step into your journey with Kubernetes.'],
    [
      'an English sentence around identifiers',
      'Set the `--egress-selector-config-file` flag of the API Server to the path of your API Server egress configuration file.',
    ],
  ])('%s is still English', (_, text) => {
    const judged = detectLanguage(text, 'zh');
    expect([judged.lang, judged.confidence >= 0.6]).toEqual(['en', true]);
  });

  it.each([
    [
      'a KEP in a release post list (ja blog v1.33)',
      '- [Take taints/tolerations into consideration when calculating PodTopologySpread skew](https://github.com/kubernetes/enhancements/issues/3094)\n',
      'link-item',
    ],
    [
      'a blog title with its date (ja blog gateway-api-v1.1)',
      '- [Introducing ingress2gateway; Simplifying Upgrades to Gateway API](https://kubernetes.io/blog/2023/10/25/introducing-ingress2gateway/)\n  10/2023\n',
      'link-item',
    ],
    [
      'an item with prose around its link (zh-cn blog developing-on-kubernetes)',
      '* Blog post by Aymen El Amri on [Using Kubernetes for Local Development — Minikube](https://medium.com/devopslinks/using-kubernetes-minikube-for-local-development-c37c6e56e3db) (08/2017)\n',
      'list-item',
    ],
    ['an internal link (its title is translated with the page)', '- [Pod の概要](/ja/docs/concepts/workloads/pods/)\n', 'list-item'],
  ])('%s is a %s', (_, markdown, kind) => {
    const doc = parseDocument('x.md', Buffer.from(markdown), { kind: 'page', language: 'ja', detectLanguages: false, maxFileBytes: 1 << 20, maxSections: 100 });
    expect(doc.paragraphs.map((p) => p.kind)).toEqual([kind]);
  });

  it('in a zh-cn page: the API reference operation block gives no English paragraph', () => {
    const page =
      '---\ntitle: Deployment\n---\n\n### `update` 替换指定的 Deployment\n\n#### HTTP 请求\n\nPUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}\n\n#### 响应\n\n200 (<a href="{{< ref "../workload-resources/deployment-v1#Deployment" >}}">Deployment</a>): OK\n\n201 (<a href="{{< ref "../workload-resources/deployment-v1#Deployment" >}}">Deployment</a>): Created\n';
    const doc = parseDocument('x.md', Buffer.from(page), { kind: 'page', language: 'zh', detectLanguages: true, maxFileBytes: 1 << 20, maxSections: 100 });
    expect(doc.paragraphs.filter((p) => p.lang === 'en')).toEqual([]);
  });
});
