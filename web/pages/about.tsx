// /about: what the centre is for, in plain words, and what this repository holds.
import { Layout } from "../layout";

export function AboutPage({ siteName, contactEmail }: { siteName: string; contactEmail: string }) {
  return (
    <Layout title="About the centre" siteName={siteName}>
      <h1>About the centre</h1>
      <p class="lead">
        We are a research centre working on mental health inequalities: differences in mental health between groups of people that are unfair
        and could be avoided. They follow lines such as income, ethnicity, gender, sexuality, disability, age and where people live.
      </p>

      <h2>What we aim to do</h2>
      <ol class="aims">
        <li>
          <h3>Understand the causes</h3>
          <p>Find out more about what drives mental health inequalities: the conditions in which people are born, grow, live and work.</p>
        </li>
        <li>
          <h3>Find what works, here and abroad</h3>
          <p>
            Develop ways to reduce these inequalities and test whether they work, in the UK and around the world. Good ideas travel in every
            direction: an approach proven in a low-income country can improve services in a rich one. This is sometimes called "reverse
            innovation".
          </p>
        </li>
        <li>
          <h3>Share what we learn</h3>
          <p>
            Get research to the people who can act on it (policymakers, health and care services, journalists, community groups and the
            public) in forms each of them can use.
          </p>
        </li>
        <li>
          <h3>Open research to everyone</h3>
          <p>Make it easier for anyone to take part in research, especially people who are often left out of it.</p>
        </li>
        <li>
          <h3>Research inclusively</h3>
          <p>Make inclusion part of how all our research is done, with people who have lived experience shaping it from the start.</p>
        </li>
      </ol>

      <h2>What this site holds</h2>
      <ul>
        <li>
          <a href="/publications">Research papers</a> by the centre's researchers, with their citations.
        </li>
        <li>
          <a href="/briefings">Policy briefings</a>: what the evidence means for decisions, key messages first.
        </li>
        <li>
          <a href="/lay-summaries">Plain-language summaries</a> of papers, some in more than one language.
        </li>
      </ul>
      <p>
        You can <a href="/search">search everything</a>, <a href="/topics">browse by topic</a>, or <a href="/feeds">subscribe</a> to new items on
        a topic or a search. Developers can use the <a href="/api/docs">API</a>.
      </p>

      <h2>Contact</h2>
      <p>
        Email <a href={`mailto:${contactEmail}`}>{contactEmail}</a>.
      </p>
    </Layout>
  );
}
