import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderModel } from '../../../src/extract/dbt/jinja.js';
import { markLines, unmarkLines } from '../../../src/extract/dbt/line-markers.js';

const render = (text: string, extra: Partial<Parameters<typeof renderModel>[0]> = {}) =>
  renderModel({ text, model: 'fct_orders', adapter: 'postgres', maskingMacros: ['dbt_utils.generate_surrogate_key', 'pseudonymize'], ...extra });

/** The source line of the rendered line that contains `needle`. */
function lineOf(r: ReturnType<typeof render>, needle: string): number | undefined {
  const i = r.sql.split('\n').findIndex((l) => l.includes(needle));
  return i < 0 ? undefined : r.lines[i];
}

describe('renderModel', () => {
  it('renders ref, source, config and is_incremental, keeping each rendered line tied to its source line', () => {
    const r = render(
      [
        '{{',
        "    config(materialized='incremental', unique_key='order_id')",
        '}}',
        '{# orders joined to their customer #}',
        'select',
        '    o.order_id,',
        '    c.email as customer_email',
        "from {{ ref('stg_orders') }} o",
        "join {{ source('shop', 'raw_customers') }} c on c.id = o.customer_id",
        '{% if is_incremental() %}',
        '  where o.ordered_at > (select max(ordered_at) from {{ this }})',
        '{% endif %}',
      ].join('\n'),
    );
    expect(r.fallback).toBeUndefined();
    expect(r.config).toMatchObject({ materialized: 'incremental', unique_key: 'order_id' });
    expect(r.refs).toEqual(['stg_orders']);
    expect(r.sources).toEqual(['shop.raw_customers']);
    expect(r.sql).toContain('from ref__.stg_orders o');
    expect(r.sql).toContain('join shop.raw_customers c');
    expect(r.sql).not.toContain('ordered_at >');
    expect(lineOf(r, 'customer_email')).toBe(7);
    expect(lineOf(r, 'shop.raw_customers')).toBe(9);
  });

  it('handles two-argument and versioned refs', () => {
    const r = render("select * from {{ ref('finance', 'payments') }} join {{ ref('dim_customers', v=2) }} using (customer_id)");
    expect(r.refs).toEqual(['payments', 'dim_customers_v2']);
  });

  it('repeats loop bodies on the loop line and sets variables', () => {
    const r = render(
      [
        "{% set methods = ['card', 'voucher', 'gift_card'] %}",
        'select',
        '    order_id,',
        '    {% for m in methods %}',
        "    sum(case when payment_method = '{{ m }}' then amount end) as {{ m }}_amount{{ ',' if not loop.last }}",
        '    {% endfor %}',
        "from {{ ref('stg_payments') }}",
        'group by 1',
      ].join('\n'),
    );
    expect(r.sql).toContain('as gift_card_amount');
    for (const m of ['card_amount', 'voucher_amount', 'gift_card_amount']) expect(lineOf(r, `as ${m}`)).toBe(5);
    expect(lineOf(r, 'ref__.stg_payments')).toBe(7);
  });

  it('turns unknown macros into placeholders, masking macros into calls and star() into a recorded marker', () => {
    const r = render(
      [
        'select',
        "    {{ dbt_utils.generate_surrogate_key(['customer_id', 'email']) }} as customer_key,",
        "    {{ pseudonymize('phone') }} as phone_token,",
        "    {{ dbt_utils.star(from=ref('stg_customers'), except=['Email', 'phone']) }},",
        "    {{ fivetran_utils.fill_staging_columns(source_columns=adapter.get_columns_in_relation(ref('x')), staging_columns=get_columns()) }}",
        "from {{ ref('stg_customers') }}",
        '{{ limit_in_dev(target.name) }}',
      ].join('\n'),
    );
    expect(r.fallback).toBeUndefined();
    expect(r.sql).toContain('dbt_utils.generate_surrogate_key(customer_id, email) as customer_key');
    expect(r.sql).toContain('pseudonymize(phone) as phone_token');
    const [starId, star] = [...r.stars][0]!;
    expect(star).toEqual({ relation: 'stg_customers', except: ['email', 'phone'] });
    expect(r.sql).toContain(starId);
    expect([...r.macros.values()]).toEqual(expect.arrayContaining(['fivetran_utils.fill_staging_columns', 'limit_in_dev']));
  });

  it('reads project vars, including vars that are Jinja themselves, and treats an empty default as false', () => {
    const vars = new Map<string, unknown>([['customer', "{{ source('stripe', 'customer') }}"]]);
    const r = render("select id {% if var('extra_columns', []) %}, extra{% endif %} from {{ var('customer') }}", { vars });
    expect(r.sql.trim()).toBe('select id  from stripe.customer');
  });

  it('reads the snapshot block and names the relation after it', () => {
    const r = render("{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check') }}\nselect * from {{ source('shop', 'orders') }}\n{% endsnapshot %}");
    expect(r.snapshot).toBe('orders_snapshot');
    expect(lineOf(r, 'shop.orders')).toBe(3);
  });

  it('falls back to tolerant stripping on Python-only Jinja, keeping the first branch and every line', () => {
    const text = [
      "{% set cols = {'a': 1}.items() | list %}",
      '{% do cols.append(2) %}',
      'select',
      "    {% if target.type == 'snowflake' %} email {% else %} lower(email) as email {% endif %},",
      '    customer_id',
      "from {{ ref('stg_customers') }}",
    ].join('\n');
    const r = render(text);
    expect(r.fallback).toBeTruthy();
    expect(r.sql.split('\n')).toHaveLength(6);
    expect(r.sql.split('\n')[3]!.trim()).toBe('email ,');
    expect(r.sql.split('\n')[5]).toBe('from ref__.stg_customers');
  });

  it('never throws and never loses a line on arbitrary Jinja-like input', () => {
    const piece = fc.constantFrom('{{', '}}', '{%', '%}', '{#', '#}', 'if x', 'endif', 'for a in b', 'endfor', "ref('m')", '\n', 'select', ' ', "'", '"', ',', 'set y = 1', 'macro m()', 'endmacro');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const r = render(text);
        expect(typeof r.sql).toBe('string');
        const lines = r.sql.split('\n').length;
        expect(r.lines.length).toBeGreaterThanOrEqual(lines);
        for (const l of r.lines.slice(0, lines)) expect(l).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('line markers', () => {
  it('round-trips text without Jinja unchanged, line for line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const text = s.replace(/[\u0001\u0002{]/g, '');
        const { text: out, lines } = unmarkLines(markLines(text));
        expect(out).toBe(text);
        expect(lines).toEqual(text.split('\n').map((_, i) => i + 1));
      }),
    );
  });
});
