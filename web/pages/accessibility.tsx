// /accessibility: the accessibility statement, in the shape UK public-sector sites publish it.
import { Layout } from "../layout";

/** When the statement was written and last reviewed: change it whenever the statement is reviewed. */
export const STATEMENT_PREPARED = "1 December 2026";

export function AccessibilityPage({ siteName, contactEmail }: { siteName: string; contactEmail: string }) {
  const mail = <a href={`mailto:${contactEmail}`}>{contactEmail}</a>;
  return (
    <Layout title="Accessibility statement" siteName={siteName}>
      <h1>Accessibility statement</h1>
      <p class="lead">
        This statement applies to the {siteName} website. We want as many people as possible to be able to use it.
      </p>
      <p>For example, you should be able to:</p>
      <ul>
        <li>change colours, contrast levels and fonts using your browser or device settings, including a dark colour scheme</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>use the whole website with a keyboard alone, or with speech recognition software</li>
        <li>listen to the whole website with a screen reader</li>
        <li>search, browse, read and subscribe without JavaScript</li>
      </ul>
      <p>We have also made the text as simple as we can, and every paper may have a plain-language summary.</p>

      <h2>How accessible this website is</h2>
      <p>We know some parts of this website are not fully accessible:</p>
      <ul>
        <li>
          Titles and abstracts of research papers come from the authors' own reference files. Mathematical and chemical notation in them is shown
          as text with sub- and superscripts, which some screen readers read out awkwardly.
        </li>
        <li>Readability scores are worked out for plain-language summaries in English only.</li>
        <li>Citations are formatted automatically from each paper's details, so an unusual reference may be formatted imperfectly.</li>
      </ul>

      <h2>Feedback and contact information</h2>
      <p>
        If you need information on this website in a different format, such as large print or easy read, email {mail}. We will consider your
        request and get back to you within 10 working days.
      </p>

      <h2>Reporting accessibility problems with this website</h2>
      <p>
        We are always looking to improve the accessibility of this website. If you find a problem that is not listed on this page, or think we
        are not meeting accessibility requirements, email {mail}. Tell us the address of the page and what went wrong.
      </p>

      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications)
        (No. 2) Accessibility Regulations 2018 (the "accessibility regulations"). If you are not happy with how we respond to your complaint,{" "}
        <a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service (EASS)</a>.
      </p>

      <h2>Technical information about this website's accessibility</h2>
      <h3>Compliance status</h3>
      <p>
        This website aims to meet the <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines (WCAG) version 2.2</a> AA
        standard. It has not yet been audited by an outside expert, so we describe it as partially compliant until an audit confirms it. The
        known issues are listed above.
      </p>

      <h2>How we tested this website</h2>
      <p>Every kind of page is tested automatically each time the website changes:</p>
      <ul>
        <li>with axe-core, an automated accessibility checker, in the Chromium browser, against the WCAG 2.2 A and AA rules</li>
        <li>with the keyboard alone: a visible focus, a skip link, and every control reachable and usable</li>
        <li>at a width of 320 CSS pixels (the same as 400% zoom on a laptop), with no sideways scrolling</li>
        <li>in light and dark colour schemes, and with JavaScript turned off</li>
      </ul>
      <p>Automated tests find only some problems, so we also welcome reports from the people who use the website.</p>

      <h2>Preparation of this accessibility statement</h2>
      <p>This statement was prepared on {STATEMENT_PREPARED}. It was last reviewed on {STATEMENT_PREPARED}.</p>
    </Layout>
  );
}
