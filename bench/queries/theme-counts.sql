-- What PostgreSQL needs for theme-counts.uprgraph.graphql: one state's recommendations
-- counted by theme and response (those with no theme in a group of their own).
SELECT COALESCE(t.name, ''), r.response, COUNT(*) FROM recommendations r
LEFT JOIN recommendation_themes rt ON rt.recommendation_id = r.id
LEFT JOIN themes t ON t.id = rt.theme_id
WHERE r.state_under_review_id = (SELECT id FROM states WHERE alpha3 = :code)
GROUP BY t.name, r.response ORDER BY COUNT(*) DESC;
