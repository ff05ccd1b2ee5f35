import { describe, expect, it } from 'vitest';
import { mdnMacroLink, parseMacroCall } from '../../server/layouts/mdn-macros.ts';

// Calls as MDN pages write them (2023-06 corpus), and the page yari's KumaScript macro links to.
describe('MDN link macros → the page they render a link to', () => {
  it.each([
    ['jsxref("Array.prototype.map()")', ['/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map'], ''],
    ['jsxref("Array.from()")', ['/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/from'], ''],
    [
      'jsxref("Global_Objects/undefined", "undefined")',
      ['/en-US/docs/Web/JavaScript/Reference/Global_Objects/undefined', '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Global_Objects/undefined'],
      '',
    ],
    ['jsxref("Array")', ['/en-US/docs/Web/JavaScript/Reference/Array', '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array'], ''],
    [
      'jsxref("Statements/for...of", "for...of")',
      ['/en-US/docs/Web/JavaScript/Reference/Statements/for...of', '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Statements/for...of'],
      '',
    ],
    [
      'jsxref("Array/forEach", "forEach")',
      ['/en-US/docs/Web/JavaScript/Reference/Array/forEach', '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/forEach'],
      '',
    ],
    [
      "JSxRef('Object', 'objeto', '#description')",
      ['/en-US/docs/Web/JavaScript/Reference/Object', '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Object'],
      'description',
    ],
    [
      'JSxRef("../Guide/Funciones", "Argumentos", "#Utilizar_el_objeto_arguments")',
      ['/en-US/docs/Web/JavaScript/Guide/Funciones', '/en-US/docs/Web/JavaScript/Reference/Guide/Funciones'],
      'Utilizar_el_objeto_arguments',
    ],
    ['domxref("element.className")', ['/en-US/docs/Web/API/Element/className'], ''],
    ['domxref("DOMTokenList/add", "add()")', ['/en-US/docs/Web/API/DOMTokenList/add'], ''],
    ['domxref("Node.appendChild()")', ['/en-US/docs/Web/API/Node/appendChild'], ''],
    ['domxref("Document.prototype.title")', ['/en-US/docs/Web/API/Document/title'], ''],
    ['DOMxRef("Window", "", "event_handlers")', ['/en-US/docs/Web/API/Window'], 'event_handlers'],
    ['HTMLElement("P")', ['/en-US/docs/Web/HTML/Element/p'], ''],
    ['htmlelement("input/checkbox", "checkbox")', ['/en-US/docs/Web/HTML/Element/input/checkbox'], ''],
    ['Glossary("HTTP")', ['/en-US/docs/Glossary/HTTP'], ''],
    ['Glossary("Call stack", "pila de llamadas")', ['/en-US/docs/Glossary/Call_stack'], ''],
    ['cssxref("margin-top", "top margin")', ['/en-US/docs/Web/CSS/margin-top'], ''],
    ['cssxref("&lt;length&gt;")', ['/en-US/docs/Web/CSS/length'], ''],
    ['cssxref("&lt;color&gt;")', ['/en-US/docs/Web/CSS/color_value'], ''],
    ['cssxref("filter", "", "#url")', ['/en-US/docs/Web/CSS/filter'], 'url'],
    ['SVGElement("rect")', ['/en-US/docs/Web/SVG/Element/rect'], ''],
    ['SVGAttr("viewBox")', ['/en-US/docs/Web/SVG/Attribute/viewBox'], ''],
    ['HTTPStatus("404")', ['/en-US/docs/Web/HTTP/Status/404'], ''],
    ['HTTPMethod("get")', ['/en-US/docs/Web/HTTP/Methods/GET'], ''],
  ])('{{%s}}', (expression, urls, anchor) => {
    expect(mdnMacroLink(expression)).toEqual({ urls, anchor });
  });

  it.each([
    ['Compat'],
    ['APIRef("DOM")'],
    ['EmbedInteractiveExample("pages/js/array-map.html")'],
    ['jsxref'],
    ['Specifications'],
    ['HTTPHeader("Accept")'],
    ['page.title | escape'],
  ])('{{%s}} is no link the layout maps', (expression) => {
    expect(mdnMacroLink(expression)).toBeNull();
  });

  it('arguments: quotes, escapes, commas inside strings, bare numbers', () => {
    expect(parseMacroCall(`domxref("a, b", 'it\\'s', 3)`)).toEqual({ name: 'domxref', args: ['a, b', "it's", '3'] });
    expect(parseMacroCall('Compat')).toEqual({ name: 'compat', args: [] });
  });
});
