-- Deposit fidelity: a publication keeps its marked-up title and abstract beside the plain text; DOIs keep the case they
-- were deposited in and are looked up in lower case; a citation style that could not be rendered is recorded with the
-- reason; pages' validators read when citations were last stored, by an index.
DROP INDEX `publications_doi`;--> statement-breakpoint
ALTER TABLE `publications` ADD `title_html` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `abstract_html` text;--> statement-breakpoint
CREATE INDEX `publications_doi_lower` ON `publications` (lower("doi"));--> statement-breakpoint
ALTER TABLE `citations` ADD `error` text;--> statement-breakpoint
CREATE INDEX `citations_rendered_at` ON `citations` (`rendered_at`);