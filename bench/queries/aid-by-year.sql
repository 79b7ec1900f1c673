-- What PostgreSQL needs for aid-by-year.uprgraph.graphql: disbursements from a donor to
-- a recipient summed by fiscal year (figures that are parts of a larger one left out).
SELECT a.fiscal_year, SUM(a.amount_minor) FROM aid_flows a
WHERE a.donor_state_id = (SELECT id FROM states WHERE alpha3 = :donor)
  AND a.recipient_state_id = (SELECT id FROM states WHERE alpha3 = :recipient)
  AND a.transaction_type = 'DISBURSEMENT' AND a.part_of_id IS NULL
GROUP BY a.fiscal_year, a.currency ORDER BY SUM(a.amount_minor) DESC;
