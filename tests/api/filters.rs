//! Filters by the groups and organisations of either side, checked against the UPR
//! Info files' own group and organisation columns.

use std::collections::BTreeSet;

use crate::{
    helpers::{on_both_backends, TestApp},
    import_upr_info::{import_all, records, upr_file, FILES},
};

async fn total(app: &TestApp, filter: &str) -> i64 {
    let data = app
        .data(&format!(
            "{{ recommendations(filter: {filter}) {{ totalCount }} }}"
        ))
        .await;
    data["recommendations"]["totalCount"].as_i64().unwrap()
}

on_both_backends! {
    async fn groups_and_organisations_of_either_side_filter_recommendations(app: TestApp) {
        import_all(&app).await;
        let all: Vec<csv::StringRecord> = FILES.iter().flat_map(|(name, _)| records(&upr_file(name))).collect();
        // The states the files list in an organisation, on either side of any row.
        let members = |code: &str| -> BTreeSet<String> {
            let mut names = BTreeSet::new();
            for r in &all {
                for (name, orgs) in [(&r[0], &r[2]), (&r[4], &r[6])] {
                    if orgs.split(',').any(|o| o.trim() == code) {
                        names.insert(name.to_owned());
                    }
                }
            }
            names
        };
        let eu = members("EU");
        let oic = members("OIC");
        let to_us: Vec<_> = all.iter().filter(|r| &r[0] == "United States").collect();
        let from_eu = to_us.iter().filter(|r| eu.contains(&r[4])).count() as i64;
        assert!(from_eu > 50);
        assert_eq!(total(&app, r#"{ stateUnderReview: ["USA"], recommendingOrganization: ["EU"] }"#).await, from_eu);
        assert_eq!(total(&app, r#"{ stateUnderReview: ["USA"], recommendingOrganization: ["eu"] }"#).await, from_eu, "codes in any case");
        let oic_reviewed = all.iter().filter(|r| oic.contains(&r[0]) && &r[10] == "1").count() as i64;
        assert_eq!(total(&app, r#"{ organizationUnderReview: ["OIC"], session: [1] }"#).await, oic_reviewed);
        assert_eq!(total(&app, r#"{ recommendingOrganization: ["NO-SUCH"] }"#).await, 0);

        // Groups: the recommending side as the file names it (rows by states that changed
        // group, and by observers, left aside), the side under review likewise.
        let african_to_us = to_us.iter().filter(|r| &r[5] == "Africa").count() as i64;
        assert_eq!(total(&app, r#"{ stateUnderReview: ["USA"], recommendingRegionalGroup: [AFRICAN] }"#).await, african_to_us);
        let grulac_reviewed = all.iter().filter(|r| &r[1] == "GRULAC").count() as i64;
        assert_eq!(total(&app, "{ regionalGroupUnderReview: [LATIN_AMERICAN_AND_CARIBBEAN] }").await, grulac_reviewed);
        assert_eq!(
            total(&app, "{ regionalGroupUnderReview: [AFRICAN], recommendingRegionalGroup: [AFRICAN], session: [1] }").await,
            all.iter().filter(|r| &r[1] == "Africa" && &r[5] == "Africa" && &r[10] == "1").count() as i64
        );
        assert_eq!(total(&app, r#"{ dataset: ["sessions-01-05.csv"] }"#).await, 6094);
    }
}
