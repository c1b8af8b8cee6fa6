-- Deposit fidelity: a publication keeps its marked-up title and abstract beside the plain text, and a citation style that
-- could not be rendered is recorded with the reason.
ALTER TABLE `citations` ADD `error` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `title_html` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `abstract_html` text;