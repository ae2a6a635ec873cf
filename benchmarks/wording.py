"""The words the benchmark's generated plans, reviews and actions are made of.

They only need to read like the real thing: each list is drawn from at random by
``benchmarks.generate``.
"""

from __future__ import annotations

from planning.models import ResourceKind
from schemes.models import SchemeType, StakeholderKind

# Why the scheme is needed, the evidence and what it must do, by type ({n}: a number).
NEEDS: dict[str, tuple[str, str, str]] = {
    SchemeType.LISTENERS: (
        "Self-harm among new arrivals rose by a third last year.",
        "{n} self-harm incidents among new arrivals in 12 months (safer custody data).",
        "Confidential emotional support for prisoners in distress, day and night.",
    ),
    SchemeType.INSIDERS: (
        "New arrivals do not know how the prison works and miss their first appointments.",
        "{n}% of new arrivals missed an induction appointment last quarter.",
        "Every new arrival meets an Insider in their first 24 hours.",
    ),
    SchemeType.READING: (
        "Many prisoners cannot read well enough to fill in an application.",
        "{n}% of arrivals assessed at entry level 3 or below in English.",
        "One-to-one reading sessions until learners read on their own.",
    ),
    SchemeType.HEALTH: (
        "Prisoners' health habits lag far behind the wider population's.",
        "{n} referrals to the gym and to stop-smoking support last year, half the need.",
        "Peer health trainers who help prisoners set and keep health goals.",
    ),
    SchemeType.EDUCATION: (
        "Learners drop out of their courses in the first month.",
        "{n}% of learners left their course within four weeks last year.",
        "Classroom mentors who keep learners engaged and on course.",
    ),
    SchemeType.RESETTLEMENT: (
        "Prisoners leave without housing, ID or a bank account.",
        "{n} prisoners released without an address last year.",
        "Peer advisers who start resettlement planning twelve weeks before release.",
    ),
    SchemeType.ADVOCACY: (
        "Prisoners' concerns do not reach the governors who can act on them.",
        "{n} complaints last year about issues a council could have raised.",
        "An elected council that meets the governors every month.",
    ),
    SchemeType.OTHER: (
        "Prisoners ask for support from people who have been through the same.",
        "{n} requests for peer support logged by wing staff last year.",
        "Peer support for every prisoner who asks for it.",
    ),
}
# SMART objectives by type: (indicator, unit, how it shows the need is met, goes down?).
OBJECTIVES: dict[str, list[tuple[str, str, str, bool]]] = {
    SchemeType.LISTENERS: [
        ("Self-harm incidents a month on the induction wing", "incidents a month",
         "The scheme exists to reduce self-harm among new arrivals.", True),
        ("Listener requests answered within 15 minutes", "% of requests",
         "Support must reach prisoners in distress quickly.", False),
        ("Prisoners on an ACCT who spoke to a Listener", "% of ACCTs",
         "Those most at risk should be able to talk in confidence.", False),
        ("Night-time cell bell calls for emotional support", "calls a month",
         "Listeners take the calls staff cannot at night.", True),
    ],
    SchemeType.INSIDERS: [
        ("New arrivals seen by an Insider within 24 hours", "% of arrivals",
         "Every new arrival should meet an Insider on their first day.", False),
        ("Missed induction appointments a month", "appointments a month",
         "Insiders help new arrivals find their way to appointments.", True),
        ("First-night complaints to the duty governor", "complaints a quarter",
         "Early help should settle worries before they become complaints.", True),
    ],
    SchemeType.READING: [
        ("Learners completing the reading programme", "learners a year",
         "Learners who finish can read applications on their own.", False),
        ("Applications written for prisoners by staff", "applications a month",
         "Readers should need less help with their applications.", True),
    ],
    SchemeType.HEALTH: [
        ("Prisoners with a health goal agreed with a trainer", "prisoners a quarter",
         "Health trainers exist to help prisoners set health goals.", False),
        ("Referrals to stop-smoking support", "referrals a quarter",
         "Peer encouragement should bring more prisoners to stop smoking.", False),
    ],
    SchemeType.EDUCATION: [
        ("Learners leaving a course within four weeks", "% of learners",
         "Mentors exist to keep learners on their courses.", True),
        ("Learners passing their functional skills exam", "learners a term",
         "Learners who stay on course should pass more exams.", False),
    ],
    SchemeType.RESETTLEMENT: [
        ("Prisoners released without an address", "prisoners a quarter",
         "Resettlement peers start housing applications early.", True),
        ("Prisoners released with ID and a bank account", "% of releases",
         "Peers help prisoners apply for ID and open accounts before release.", False),
    ],
    SchemeType.ADVOCACY: [
        ("Council issues resolved within two months", "% of issues",
         "The council exists to bring issues to governors who act on them.", False),
        ("Complaints about wing regime", "complaints a quarter",
         "Issues raised through the council should not become complaints.", True),
    ],
    SchemeType.OTHER: [
        ("Prisoners supported by a peer each month", "prisoners a month",
         "The scheme exists to give support to prisoners who ask for it.", False),
        ("Requests for support not answered within a week", "requests a month",
         "Every request should get a response from a peer quickly.", True),
    ],
}  # fmt: skip
TRAINERS = ["Safer custody team", "Education provider", "Healthcare team", "Chaplaincy"]
LOCATIONS = ["All wings", "A and B wings", "The induction wing", "The education block",
              "Houseblocks 1 to 4", "The library and the gym"]  # fmt: skip
HOURS = ["24 hours, by cell bell at night", "9am to 5pm on weekdays",
          "During association", "Mornings and afternoons in the education sessions",
          "Evenings, 6pm to 8pm"]  # fmt: skip
SELECTION = [
    "Applications assessed by safer custody and the partner organisation",
    "Nominated by wing staff, then interviewed by the coordinator",
    "Advertised on the wings; suitability checked with security",
    "Invited from prisoners who completed the course themselves",
]
IMPACT_EVIDENCE = [
    "Safer custody figures each month and the scheme's call logs.",
    "A feedback form for everyone supported, read at each review meeting.",
    "The prison's management information, compared quarter by quarter.",
    "Attendance records and a survey of the people supported every six months.",
]
RESOURCES: dict[str, list[tuple[str, str, int, int]]] = {
    # kind: (description, unit, least, most)
    ResourceKind.BUDGET: [("Pay for peer supporters", "£ a month", 100, 900),
                          ("Training budget", "£ a year", 500, 5000)],
    ResourceKind.STAFF_HOURS: [("Coordinator time", "hours a week", 4, 20),
                               ("Safer custody officer time", "hours a week", 2, 10),
                               ("Supervision by the psychology team", "hours a month", 2, 8)],
    ResourceKind.ROOM: [("A room for one-to-one sessions", "rooms", 1, 2),
                        ("The suite on the induction wing", "rooms", 1, 1)],
    ResourceKind.MATERIALS: [("Leaflets and posters", "£", 50, 400),
                             ("Course workbooks", "workbooks", 10, 60),
                             ("Phones for the night-time service", "phones", 1, 4)],
    ResourceKind.PARTNER_TIME: [("Partner organisation's trainer", "hours a month", 4, 16),
                                ("Partner's support worker", "hours a week", 2, 8)],
}  # fmt: skip
STAKEHOLDERS: list[tuple[str, str, str, str]] = [
    # (name, kind, interest, engagement)
    ("Head of safety", StakeholderKind.GOVERNOR, "Fewer incidents across the prison",
     "A monthly briefing at the safety meeting"),
    ("Wing officers", StakeholderKind.STAFF, "Calmer wings and fewer call-outs at night",
     "Briefings at the wing's morning meetings"),
    ("Healthcare team", StakeholderKind.STAFF, "Prisoners referred to them sooner",
     "A named contact and a quarterly catch-up"),
    ("Partner organisation", StakeholderKind.PARTNER, "Volunteers and training used well",
     "Attends every review meeting"),
    ("Current peer supporters", StakeholderKind.CURRENT_PEER_WORKER,
     "Support and recognition for their work", "Monthly supervision and a say at reviews"),
    ("Prisoners interested in the role", StakeholderKind.POTENTIAL_PEER_WORKER,
     "A fair chance to apply", "Notices on the wings and open sessions"),
    ("Chaplaincy", StakeholderKind.OTHER, "Prisoners in crisis get support",
     "Invited to the review meetings"),
    ("Deputy governor", StakeholderKind.GOVERNOR, "The scheme runs safely and is resourced",
     "A written update each quarter"),
]  # fmt: skip
WINGS = ["A wing", "B wing", "C wing", "D wing", "E wing", "F wing", "the induction wing",
          "the segregation unit", "healthcare", "the workshops"]  # fmt: skip
RETURN_REASONS = [
    "The plan does not say who will supervise the peer supporters at night.",
    "The budget is not confirmed: ask the finance business partner first.",
    "Add the wing staff as stakeholders and say how you will brief them.",
    "The objectives need a baseline from this year's figures.",
]
PAUSE_REASONS = [
    "Too few trained peer supporters after releases and transfers.",
    "Staff shortages: no officer can escort peer supporters between wings.",
    "The regime is restricted after an incident.",
]
CLOSE_REASONS = [
    "The partner organisation's funding ended.",
    "The prison's new regime covers this need another way.",
    "Not enough prisoners applied to run the scheme safely.",
]
RESTART_REASONS = ["", "Staffing is back to normal.", "New peer supporters finished training."]
REVIEW_NOTES = {
    "communication_routes": [
        "Wing notices and the hotline are working; the night cell bell route is slow.",
        "Peer supporters want a weekly slot at the wing meeting.",
        "Referrals from healthcare come through the right route now.",
    ],
    "training_and_support": [
        "Two peer supporters need refresher training; supervision is on track.",
        "New officers have not had the scheme's briefing yet.",
        "Supervision sessions were missed in the holiday period.",
    ],
    "future_recruitment": [
        "Three peer supporters are due for release: recruit four more.",
        "Advertise on the induction wing next month.",
        "No recruitment needed before the next review.",
    ],
    "resources_and_need": [
        "The room on A wing is often double-booked.",
        "Demand is steady; resources are enough for now.",
        "The training budget runs out in the last quarter.",
    ],
    "involvement": [
        "Peer supporters will present at the next safety meeting.",
        "Ask the chaplaincy to join the next review.",
        "Wing staff asked to attend supervision once a quarter.",
    ],
}
DECISIONS = [
    "Recruit four more peer supporters before the summer.",
    "Book refresher training with the partner organisation.",
    "Move the sessions to the library while the room is repaired.",
    "Keep going as planned; review the figures again next time.",
]
ACTION_DESCRIPTIONS = [
    "Book the training room for the next course",
    "Ask the partner organisation for refresher training dates",
    "Put up recruitment notices on every wing",
    "Brief the new officers on how to refer prisoners",
    "Send the quarter's figures to the head of safety",
    "Arrange supervision for the peer supporters on nights",
    "Order more leaflets for the induction pack",
    "Check the security clearance of the new applicants",
    "Agree the pay band with the activities hub",
    "Update the emergency and contingency plan",
    "Invite the healthcare team to the next review",
    "Find a second room for one-to-one sessions",
]
