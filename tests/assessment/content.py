"""What the assessment lists show (see tests/content.py)."""

from ..content import Shows
from . import builders, deputies, grades, stars

LISTS = {
    # Rounds are the city's: everyone who may open the list sees them.
    "assessment:round_list": Shows(builders.published_round, marks=lambda r: r.get_absolute_url(), city_wide=True),
    "assessment:my_sheets": Shows(builders.sheet, marks=lambda s: s.get_absolute_url()),
    "api:assessment-round-list": Shows(builders.published_round, city_wide=True),
    "api:assessment-indicator-list": Shows(builders.indicator, city_wide=True),
    "api:assessment-score-list": Shows(builders.score),
    "api:assessment-result-list": Shows(builders.result),
    "api:assessment-report-list": Shows(builders.report),
    # Generations are the city's: every admin of the organisation department under it sees them.
    "api:assessment-report-job-list": Shows(lambda w: builders.report(w).job, city_wide=True),
    "assessment:grade_list": Shows(grades.grade, marks=lambda g: g.get_absolute_url()),
    "assessment:appeal_list": Shows(grades.appeal, marks=lambda a: a.get_absolute_url()),
    "api:assessment-cadre-grade-list": Shows(grades.grade),
    "api:assessment-grade-appeal-list": Shows(grades.appeal),
    "api:assessment-star-nomination-list": Shows(stars.published_star),
    "api:assessment-deputy-assessment-list": Shows(deputies.deputy_assessment),
}
