/*
 * voter-lookup widget. A host page adds this script and one element:
 *   <script src="https://<voter-lookup>/widget.js" defer></script>
 *   <div data-voter-lookup data-state="NC"></div>
 * Optional: data-language="es" (else the page's lang), no data-state to let the person choose.
 * Or the custom element, whose form lives in its Shadow DOM with the service's own look
 * (/embed.css), themed by CSS custom properties (--vl-accent, --vl-text, --vl-font...) and
 * restyled through ::part() (form, title, label, input, error, button, result, answer,
 * icon, message, link):
 *   <voter-lookup state="NC" language="es"></voter-lookup>
 * It needs no inline script or style from the host.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var api = new URL(script ? script.src : '/widget.js', document.baseURI).origin;

  var TEXT = {
    en: {
      title: 'Am I registered to vote?',
      state: 'State',
      chooseState: 'Choose your state',
      first: 'First name',
      last: 'Last name',
      dob: 'Date of birth',
      zip: 'ZIP code',
      submit: 'Check my registration',
      checking: 'Checking…',
      register: 'Register',
      check: 'Check with your state',
      required: 'This is required.',
      zipFormat: 'Use 5 digits, like 27601.',
      failed: 'The lookup is not answering right now. Please try again, or check with your state.',
      fix: 'Please correct the fields marked below.',
    },
    es: {
      title: '¿Estoy inscrito para votar?',
      state: 'Estado',
      chooseState: 'Elija su estado',
      first: 'Nombre',
      last: 'Apellido',
      dob: 'Fecha de nacimiento',
      zip: 'Código postal',
      submit: 'Verificar mi inscripción',
      checking: 'Verificando…',
      register: 'Inscribirse',
      check: 'Verificar con su estado',
      required: 'Este dato es obligatorio.',
      zipFormat: 'Use 5 dígitos, como 27601.',
      failed: 'La consulta no responde en este momento. Inténtelo de nuevo, o verifique con su estado.',
      fix: 'Corrija los campos marcados abajo.',
    },
    // The project's own translations, not yet reviewed by native speakers (GET /v1/languages says so).
    zh: {
      title: '我登记投票了吗？',
      state: '州',
      chooseState: '选择您所在的州',
      first: '名',
      last: '姓',
      dob: '出生日期',
      zip: '邮政编码 (ZIP)',
      submit: '查询我的登记',
      checking: '正在查询…',
      register: '登记',
      check: '向您所在的州核实',
      required: '此项为必填。',
      zipFormat: '请使用 5 位数字，例如 27601。',
      failed: '查询暂时无法使用。请重试，或向您所在的州核实。',
      fix: '请更正下面标出的栏目。',
    },
    vi: {
      title: 'Tôi đã đăng ký bỏ phiếu chưa?',
      state: 'Tiểu bang',
      chooseState: 'Chọn tiểu bang của quý vị',
      first: 'Tên',
      last: 'Họ',
      dob: 'Ngày sinh',
      zip: 'Mã ZIP',
      submit: 'Kiểm tra đăng ký của tôi',
      checking: 'Đang kiểm tra…',
      register: 'Đăng ký',
      check: 'Kiểm tra với tiểu bang',
      required: 'Mục này là bắt buộc.',
      zipFormat: 'Hãy dùng 5 chữ số, ví dụ 27601.',
      failed: 'Hiện không thể tra cứu. Vui lòng thử lại, hoặc kiểm tra với tiểu bang.',
      fix: 'Vui lòng sửa các mục được đánh dấu bên dưới.',
    },
    ko: {
      title: '유권자 등록이 되어 있나요?',
      state: '주',
      chooseState: '주를 선택하세요',
      first: '이름',
      last: '성',
      dob: '생년월일',
      zip: '우편번호(ZIP)',
      submit: '내 등록 확인',
      checking: '확인 중…',
      register: '등록하기',
      check: '주에 확인하기',
      required: '필수 항목입니다.',
      zipFormat: '27601처럼 숫자 5자리를 입력하세요.',
      failed: '지금은 조회할 수 없습니다. 다시 시도하시거나 주에 확인하세요.',
      fix: '아래 표시된 항목을 수정하세요.',
    },
    tl: {
      title: 'Nakarehistro ba ako para bumoto?',
      state: 'Estado',
      chooseState: 'Piliin ang iyong estado',
      first: 'Pangalan',
      last: 'Apelyido',
      dob: 'Petsa ng kapanganakan',
      zip: 'ZIP code',
      submit: 'Tingnan ang aking rehistro',
      checking: 'Tinitingnan…',
      register: 'Magparehistro',
      check: 'Tingnan sa iyong estado',
      required: 'Kailangan ito.',
      zipFormat: 'Gumamit ng 5 numero, tulad ng 27601.',
      failed: 'Hindi sumasagot ang paghahanap ngayon. Subukang muli, o tingnan sa iyong estado.',
      fix: 'Pakitama ang mga field na may marka sa ibaba.',
    },
    // Written right to left: the form says dir="rtl" (RTL below).
    ar: {
      title: 'هل أنا مسجَّل للتصويت؟',
      state: 'الولاية',
      chooseState: 'اختر ولايتك',
      first: 'الاسم الأول',
      last: 'اسم العائلة',
      dob: 'تاريخ الميلاد',
      zip: 'الرمز البريدي (ZIP)',
      submit: 'تحقَّق من تسجيلي',
      checking: 'جارٍ التحقق…',
      register: 'سجِّل للتصويت',
      check: 'تحقَّق لدى ولايتك',
      required: 'هذا الحقل مطلوب.',
      zipFormat: 'استخدم 5 أرقام، مثل 27601.',
      failed: 'البحث لا يستجيب الآن. حاول مرة أخرى، أو تحقَّق لدى ولايتك.',
      fix: 'يُرجى تصحيح الحقول المحددة أدناه.',
    },
  };
  /** The languages written right to left. */
  var RTL = { ar: true };

  var count = 0;

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return ('0' + byte.toString(16)).slice(-2);
      })
      .join('');
  }

  // ALTCHA's proof of work, when the service asks for it: the number whose SHA-256 with
  // the salt is the challenge, found in the background (no puzzle for the person).
  function solve(challenge) {
    var encoder = new TextEncoder();
    function from(start) {
      var end = Math.min(start + 1000, challenge.maxnumber + 1);
      var tries = [];
      for (var n = start; n < end; n += 1) tries.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + n)));
      return Promise.all(tries).then(function (digests) {
        for (var i = 0; i < digests.length; i += 1) if (hex(digests[i]) === challenge.challenge) return start + i;
        if (end > challenge.maxnumber) throw new Error('no solution');
        return from(end);
      });
    }
    return from(0).then(function (number) {
      var payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: number, salt: challenge.salt, signature: challenge.signature };
      return btoa(JSON.stringify(payload));
    });
  }

  // A solved challenge for the next lookup, or null when the service asks for none.
  function nextProof() {
    return fetch(api + '/v1/challenge')
      .then(function (response) {
        return response.status === 200 ? response.json().then(solve) : null;
      })
      .catch(function () {
        return null;
      });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) {
      node.style[name] = rules[name];
    });
    return node;
  }

  /**
   * Puts the form into `container`: the host element itself, or its shadow root. `styled`
   * when the service's stylesheet applies (the frame, the custom element): then no inline
   * style is set, and the stylesheet, custom properties and ::part() rules decide the look.
   */
  function mount(host, container, styled) {
    count += 1;
    var id = 'voter-lookup-' + count;
    var paint = styled
      ? function (node) {
          return node;
        }
      : style;
    var pageLang = (document.documentElement.lang || 'en').toLowerCase();
    var asked = (host.getAttribute('data-language') || host.getAttribute('language') || pageLang).slice(0, 2);
    var language = TEXT[asked] ? asked : asked === 'fi' ? 'tl' : 'en'; // fil (Filipino) reads the Tagalog text
    var t = TEXT[language];
    var fixedState = (host.getAttribute('data-state') || host.getAttribute('state') || '').toUpperCase();
    var proof = nextProof();

    var form = el('form', {
      novalidate: '',
      'aria-labelledby': id + '-title',
      class: 'vl-form',
      part: 'form',
      lang: language,
      dir: RTL[language] ? 'rtl' : 'ltr',
    });
    form.appendChild(el('h2', { id: id + '-title', text: t.title, part: 'title' }));
    var summary = el('p', { id: id + '-summary', tabindex: '-1', class: 'vl-summary', part: 'error' });
    summary.hidden = true;
    form.appendChild(summary);

    var fields = {};
    function field(name, label, input) {
      input.id = id + '-' + name;
      input.name = name;
      input.setAttribute('part', 'input');
      var error = el('p', { id: id + '-' + name + '-error', class: 'vl-error', part: 'error' });
      paint(error, { color: '#a40000', margin: '0.25em 0 0' });
      error.hidden = true;
      var wrap = el('div', { class: 'vl-field' }, [el('label', { for: input.id, text: label, part: 'label' }), el('br'), input, error]);
      paint(wrap, { margin: '0 0 0.75em' });
      fields[name] = { input: input, error: error };
      form.appendChild(wrap);
    }

    if (!fixedState) {
      var select = el('select', { required: '' }, [el('option', { value: '', text: t.chooseState })]);
      fetch(api + '/v1/states')
        .then(function (r) {
          return r.json();
        })
        .then(function (body) {
          body.states.forEach(function (s) {
            select.appendChild(el('option', { value: s.code, text: s.name }));
          });
        })
        .catch(function () {});
      field('state', t.state, select);
    }
    field('firstName', t.first, el('input', { type: 'text', autocomplete: 'given-name', required: '', maxlength: '50' }));
    field('lastName', t.last, el('input', { type: 'text', autocomplete: 'family-name', required: '', maxlength: '60' }));
    field('dateOfBirth', t.dob, el('input', { type: 'date', autocomplete: 'bday', required: '' }));
    field('zip', t.zip, el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'postal-code', maxlength: '10' }));

    var button = el('button', { type: 'submit', text: t.submit, class: 'vl-submit', part: 'button' });
    form.appendChild(button);
    var result = el('div', { role: 'status', 'aria-live': 'polite', id: id + '-result', class: 'vl-result', part: 'result' });
    paint(result, { margin: '1em 0 0' });
    form.appendChild(result);

    function showError(name, message) {
      var f = fields[name];
      if (!f) return false;
      f.error.textContent = message;
      f.error.hidden = false;
      f.input.setAttribute('aria-invalid', 'true');
      f.input.setAttribute('aria-describedby', f.error.id);
      return true;
    }

    function clearErrors() {
      summary.hidden = true;
      Object.keys(fields).forEach(function (name) {
        fields[name].error.hidden = true;
        fields[name].input.removeAttribute('aria-invalid');
        fields[name].input.removeAttribute('aria-describedby');
      });
    }

    function focusFirstError() {
      summary.textContent = t.fix;
      summary.hidden = false;
      var first = Object.keys(fields).filter(function (n) {
        return fields[n].input.getAttribute('aria-invalid') === 'true';
      })[0];
      (first ? fields[first].input : summary).focus();
    }

    function link(href, text) {
      var a = el('a', { href: href, target: '_blank', rel: 'noopener', text: text, class: 'vl-link', part: 'link' });
      // Logical margins: the space falls after each button whichever way the language runs.
      return paint(a, {
        display: 'inline-block',
        marginBlockStart: '0.5em',
        marginInlineEnd: '0.75em',
        padding: '0.5em 1em',
        border: '2px solid currentColor',
        borderRadius: '4px',
        fontWeight: 'bold',
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearErrors();
      // A new lookup, or a field error, never leaves the last answer beside the corrected form.
      result.textContent = '';
      var body = { state: fixedState || fields.state.input.value, language: language };
      var missing = false;
      // The ZIP is asked up front: where a state publishes only birth years (North Carolina and
      // others), a name and a year alone never give a status, and the ZIP tells namesakes apart.
      ['firstName', 'lastName', 'dateOfBirth', 'zip'].concat(fixedState ? [] : ['state']).forEach(function (name) {
        var value = fields[name].input.value.trim();
        if (!value) missing = showError(name, t.required) || missing;
        else body[name] = value;
      });
      if (body.zip && !/^\d{5}(-\d{4})?$/.test(body.zip)) missing = showError('zip', t.zipFormat) || missing;
      if (missing) return focusFirstError();

      button.disabled = true;
      result.textContent = t.checking;
      proof
        .then(function (payload) {
          var headers = { 'Content-Type': 'application/json' };
          if (payload) headers.Altcha = payload;
          proof = nextProof(); // each challenge is spent once: the next one is solved meanwhile
          return fetch(api + '/v1/lookup', { method: 'POST', headers: headers, body: JSON.stringify(body) });
        })
        .then(function (response) {
          return response.json().then(function (json) {
            return { status: response.status, json: json };
          });
        })
        .then(function (answer) {
          result.textContent = '';
          if (answer.status === 200) {
            // The answer as a card: its status in words (the message) and by an icon, never by colour alone.
            var registered = answer.json.registered === true;
            var card = el('div', { class: 'vl-answer', part: 'answer', 'data-registered': String(answer.json.registered) }, [
              el('span', {
                class: 'vl-icon',
                part: 'icon',
                'aria-hidden': 'true',
                text: registered ? '\u2713' : answer.json.registered === false ? '!' : 'i',
              }),
              el('p', { class: 'vl-message', part: 'message', text: answer.json.message }),
              el('div', { class: 'vl-actions' }, [link(answer.json.registerUrl, t.register), link(answer.json.checkUrl, t.check)]),
            ]);
            result.appendChild(card);
            return;
          }
          var errors = answer.json.errors || [];
          var placed = errors.filter(function (e) {
            return showError(e.field, e.message);
          }).length;
          if (placed) return focusFirstError();
          result.appendChild(el('p', { text: answer.json.detail || t.failed }));
        })
        .catch(function () {
          result.textContent = t.failed;
        })
        .then(function () {
          button.disabled = false;
        });
    });

    if (container === host) host.textContent = '';
    container.appendChild(form);
  }

  // The service's look for the custom element's Shadow DOM, fetched once (connect-src, as
  // the lookups are) and adopted as a constructed stylesheet: no <style> or <link> the
  // host's CSP would have to allow.
  var sheet;
  function shadowSheet() {
    sheet =
      sheet ||
      fetch(api + '/embed.css')
        .then(function (response) {
          return response.text();
        })
        .then(function (text) {
          var built = new CSSStyleSheet();
          built.replaceSync(text);
          return built;
        })
        .catch(function () {
          return null;
        });
    return sheet;
  }

  if (window.customElements && !customElements.get('voter-lookup')) {
    customElements.define(
      'voter-lookup',
      class extends HTMLElement {
        connectedCallback() {
          if (this.shadowRoot) return;
          var root = this.attachShadow({ mode: 'open' });
          var host = this;
          shadowSheet().then(function (built) {
            if (built) root.adoptedStyleSheets = [built];
            mount(host, root, Boolean(built));
          });
        }
      },
    );
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-voter-lookup]'), function (host) {
      mount(host, host, host.hasAttribute('data-styled'));
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
