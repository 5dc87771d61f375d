//! The small bank of plausible lines demo sessions are made of. Quotes
//! marked as the report's are its verbatim comments (seed report, sections
//! "What people value in public services" and "Testing policy ideas");
//! the moderator notes paraphrase its findings; the rest are written for
//! the demo in the same register.

/// One line, with the codes a moderator might put on it.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// The words.
    pub text: &'static str,
    /// Codes (only those the pack has are used).
    pub codes: &'static [&'static str],
}

const fn l(text: &'static str, codes: &'static [&'static str]) -> Line {
    Line { text, codes }
}

/// Notes and quotes for one section.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    /// Moderator notes.
    pub notes: &'static [Line],
    /// Participants' words.
    pub quotes: &'static [Line],
}

const NONE: Lines = Lines {
    notes: &[],
    quotes: &[],
};

/// A kind of group, after the report's 13 groups ("Our approach").
#[derive(Debug, Clone, Copy)]
pub struct Design {
    /// Where.
    pub location: &'static str,
    /// `full` or `mini`.
    pub plan: &'static str,
    /// The group's age band.
    pub age_band: &'static str,
    /// Participants' age bands.
    pub ages: &'static [&'static str],
    /// The group's social grade.
    pub social_grade: &'static str,
    /// Participants' social grades.
    pub grades: &'static [&'static str],
    /// The group's ethnicity mix.
    pub ethnicity_mix: &'static str,
    /// Participants' ethnicity, recorded only for the groups designed
    /// around it (empty: not recorded).
    pub ethnicities: &'static [&'static str],
    /// All-male or all-female groups.
    pub gender: Option<&'static str>,
    /// Descriptors some participants carry.
    pub descriptors: &'static [&'static str],
    /// Which name list to draw labels from.
    pub names: Names,
}

/// Name lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Mostly white British names.
    British,
    /// Afro-Caribbean British names.
    Caribbean,
    /// Pakistani and Bangladeshi names.
    SouthAsian,
}

/// The 13 groups of the study.
pub const DESIGNS: [Design; 13] = [
    Design {
        location: "Ashford, Kent",
        plan: "full",
        age_band: "25-39",
        ages: &["25-39"],
        social_grade: "ABC1",
        grades: &["AB", "C1"],
        ethnicity_mix: "all white British",
        ethnicities: &[],
        gender: None,
        descriptors: &["parent of young children"],
        names: Names::British,
    },
    Design {
        location: "Ashford, Kent",
        plan: "full",
        age_band: "40-64",
        ages: &["40-64"],
        social_grade: "C2DE",
        grades: &["C2", "D", "E"],
        ethnicity_mix: "all white British",
        ethnicities: &[],
        gender: None,
        descriptors: &["chronic health condition", "parent of children at home"],
        names: Names::British,
    },
    Design {
        location: "Ashford, Kent",
        plan: "full",
        age_band: "65+",
        ages: &["65+"],
        social_grade: "ABC1",
        grades: &["AB", "C1"],
        ethnicity_mix: "all white British",
        ethnicities: &[],
        gender: None,
        descriptors: &["disabled public service user"],
        names: Names::British,
    },
    Design {
        location: "Stockport",
        plan: "full",
        age_band: "40-64",
        ages: &["40-64"],
        social_grade: "C2DE",
        grades: &["C2", "D", "E"],
        ethnicity_mix: "mostly white British, some Afro-Caribbean",
        ethnicities: &[],
        gender: None,
        descriptors: &["chronic health condition"],
        names: Names::British,
    },
    Design {
        location: "Stockport",
        plan: "full",
        age_band: "65+",
        ages: &["65+"],
        social_grade: "C2DE",
        grades: &["C2", "D", "E"],
        ethnicity_mix: "mostly white British",
        ethnicities: &[],
        gender: None,
        descriptors: &["chronic health condition"],
        names: Names::British,
    },
    Design {
        location: "Oxford",
        plan: "full",
        age_band: "25-39",
        ages: &["25-39"],
        social_grade: "ABC1",
        grades: &["AB", "C1"],
        ethnicity_mix: "mostly white British, some Indian",
        ethnicities: &[],
        gender: None,
        descriptors: &["parent of young children"],
        names: Names::British,
    },
    Design {
        location: "Oxford",
        plan: "full",
        age_band: "40-64",
        ages: &["40-64"],
        social_grade: "C2DE",
        grades: &["C2", "D", "E"],
        ethnicity_mix: "mostly white British, some Indian",
        ethnicities: &[],
        gender: None,
        descriptors: &["disabled public service user", "parent of children at home"],
        names: Names::British,
    },
    Design {
        location: "Birmingham",
        plan: "full",
        age_band: "18-30",
        ages: &["18-30"],
        social_grade: "mixed",
        grades: &["AB", "C1", "C2", "DE"],
        ethnicity_mix: "second generation Afro-Caribbean",
        ethnicities: &["Afro-Caribbean"],
        gender: None,
        descriptors: &["heavy public service user"],
        names: Names::Caribbean,
    },
    Design {
        location: "Birmingham",
        plan: "full",
        age_band: "18-30",
        ages: &["18-30"],
        social_grade: "mixed",
        grades: &["AB", "C1", "C2", "DE"],
        ethnicity_mix: "second generation Pakistani and Bangladeshi",
        ethnicities: &["Pakistani", "Bangladeshi"],
        gender: None,
        descriptors: &["heavy public service user"],
        names: Names::SouthAsian,
    },
    Design {
        location: "London",
        plan: "full",
        age_band: "16-24",
        ages: &["16-24"],
        social_grade: "mixed",
        grades: &["AB", "C1", "C2", "DE"],
        ethnicity_mix: "mixed",
        ethnicities: &[],
        gender: None,
        descriptors: &["heavy public service user"],
        names: Names::British,
    },
    Design {
        location: "Hampstead, London",
        plan: "mini",
        age_band: "25-64",
        ages: &["25-39", "40-64"],
        social_grade: "AB",
        grades: &["AB"],
        ethnicity_mix: "mixed",
        ethnicities: &[],
        gender: None,
        descriptors: &["net contributor to public services"],
        names: Names::British,
    },
    Design {
        location: "Tower Hamlets, London",
        plan: "mini",
        age_band: "30-64",
        ages: &["25-39", "40-64"],
        social_grade: "C2DE",
        grades: &["C2", "DE"],
        ethnicity_mix: "first generation Pakistani and Bangladeshi",
        ethnicities: &["Bangladeshi", "Pakistani"],
        gender: Some("Male"),
        descriptors: &["first generation migrant", "chronic health condition"],
        names: Names::SouthAsian,
    },
    Design {
        location: "Tower Hamlets, London",
        plan: "mini",
        age_band: "30-64",
        ages: &["25-39", "40-64"],
        social_grade: "C2DE",
        grades: &["C2", "DE"],
        ethnicity_mix: "first generation Pakistani and Bangladeshi",
        ethnicities: &["Bangladeshi", "Pakistani"],
        gender: Some("Female"),
        descriptors: &["first generation migrant", "disabled public service user"],
        names: Names::SouthAsian,
    },
];

/// First names, by list and gender.
pub fn names(list: Names, female: bool) -> &'static [&'static str] {
    match (list, female) {
        (Names::British, true) => &[
            "Sue", "Karen", "Linda", "Joanne", "Claire", "Emma", "Sarah", "Janet", "Pauline",
            "Rachel", "Helen", "Debbie", "Margaret", "Lucy", "Gemma", "Anne", "Jean", "Vicky",
            "Priya", "Tracey",
        ],
        (Names::British, false) => &[
            "Dave", "Steve", "Paul", "Mark", "Gary", "Ian", "Keith", "Neil", "Tom", "Rob", "Alan",
            "Colin", "Martin", "Chris", "Dan", "Pete", "Raj", "Barry", "Graham", "Jack",
        ],
        (Names::Caribbean, true) => &[
            "Marcia",
            "Keisha",
            "Jasmine",
            "Shanice",
            "Chantelle",
            "Aaliyah",
            "Tanya",
            "Monique",
            "Denise",
            "Simone",
            "Nadia",
            "Leanne",
        ],
        (Names::Caribbean, false) => &[
            "Marlon", "Tyrone", "Andre", "Jermaine", "Dwayne", "Leon", "Kofi", "Delroy", "Carl",
            "Wesley", "Ricky", "Nathan",
        ],
        (Names::SouthAsian, true) => &[
            "Ayesha", "Fatima", "Nasreen", "Shazia", "Rukhsana", "Salma", "Farzana", "Rehana",
            "Amina", "Yasmin", "Shamima", "Nazia",
        ],
        (Names::SouthAsian, false) => &[
            "Imran", "Tariq", "Abdul", "Shahid", "Nasir", "Rashid", "Kamal", "Faisal", "Jamal",
            "Anwar", "Bilal", "Zubair",
        ],
    }
}

/// Moderators of the demo fieldwork.
pub const MODERATORS: [&str; 4] = [
    "A. Moderator",
    "B. Moderator",
    "C. Moderator",
    "D. Moderator",
];

/// How green and red stickers tend to fall, per idea 1-9 (after the
/// report: citizen advisors and area budgets popular, user charging the
/// most contentious, social insurance seldom chosen either way).
pub const GREEN_WEIGHTS: [u32; 9] = [10, 4, 3, 16, 13, 8, 5, 8, 6];
/// See [`GREEN_WEIGHTS`].
pub const RED_WEIGHTS: [u32; 9] = [6, 18, 3, 2, 4, 5, 12, 4, 9];

/// Typical ratings (desirable, achievable, equitable) per idea 1-9.
pub const RATING_MEANS: [(i64, i64, i64); 9] = [
    (6, 5, 5),
    (3, 4, 3),
    (5, 5, 6),
    (8, 6, 8),
    (7, 4, 5),
    (6, 4, 5),
    (4, 5, 4),
    (6, 4, 6),
    (5, 5, 3),
];

/// Equity dimensions most often raised per idea 1-9 (names as in the pack).
pub const EQUITY_LIKELY: [&[&str]; 9] = [
    &["SEG", "Age"],
    &["SEG", "Age"],
    &["SEG", "Age"],
    &["SEG", "Ethnicity"],
    &["Geography", "SEG"],
    &["SEG", "Geography"],
    &["Geography", "SEG"],
    &["Age", "Geography"],
    &["Geography", "Age", "Ethnicity"],
];

// ---------------------------------------------------------------------------
// The ideas: Desirable? / Achievable? / Equitable?
// ---------------------------------------------------------------------------

/// Lines for the three core sections of an idea.
#[derive(Debug, Clone, Copy)]
pub struct IdeaLines {
    /// Desirable?
    pub desirability: Lines,
    /// Achievable?
    pub achievability: Lines,
    /// Equitable?
    pub equity: Lines,
}

/// Ideas 1-9.
pub const IDEAS: [IdeaLines; 9] = [
    // 1. Individuals with budgets
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "More control over a specific service appeals in principle; depends which service and how able the user is to decide.",
                    &["choice"],
                ),
                l(
                    "Works best where people already know the service well.",
                    &["choice"],
                ),
                l(
                    "SEN example far more acceptable than the school voucher example.",
                    &["fairness"],
                ),
            ],
            quotes: &[
                l(
                    "You've got your core things...there are core areas you need to have in place.",
                    &["security"],
                ),
                l(
                    "Your parents don't necessarily know what help you need... [it should be] down to the school or whatever service you're using because they know what you need on the basis of your education.",
                    &["education"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Impractical for emergency services and police: 'reactive' core services.",
                    &["security"],
                ),
                l(
                    "People holding budgets would need guidance; link made to citizen advisors (idea 4).",
                    &["support"],
                ),
                l(
                    "Worry about fraud and money not spent as intended.",
                    &["cost"],
                ),
            ],
            quotes: &[
                l(
                    "The difficulty is in informed choice. I mean, how do you inform people of the choices that they have?",
                    &["choice"],
                ),
                l(
                    "There's loads of things that you can access but it's just parents knowing about them. If you know about it, you're all right but when you don't, you don't.",
                    &["support"],
                ),
                l(
                    "I think it's basic things, like literacy and language, being able to understand English and things like that.",
                    &["education"],
                ),
                l(
                    "Now if they put that cash in their hands, responsible parents will spend it, others may not. Others may just waste it on a Playstation or whatever, you know.",
                    &["cost"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Giving more money to children from poorer families seen as unfair by most.",
                    &["fairness"],
                ),
                l(
                    "More educated and vocal users would benefit most.",
                    &["fairness"],
                ),
            ],
            quotes: &[
                l(
                    "I think if the child has special needs they should have more money, because it's going to cost more, but I don't think the socio-economic group should make any difference, because each child should have equal opportunity.",
                    &["fairness"],
                ),
                l(
                    "It sounds as though people that are educated, that are prepared to stand up and push things through, will stand up and be counted, whereas you'll get people that won't.",
                    &["fairness"],
                ),
            ],
        },
    },
    // 2. User charging
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Strong opposition; GP example dominated the discussion.",
                    &["health"],
                ),
                l(
                    "A few higher earners open to it, but never on top of existing tax.",
                    &["cost"],
                ),
            ],
            quotes: &[
                l(
                    "At the end of the day I work, I pay my taxes, so I have a right to go. But if people go just because they are bored and have nothing to do then no, I am sorry, pay for it, I am not going to pay for you.",
                    &["fairness"],
                ),
                l(
                    "User charging could work if we were paying less tax... I'm happy to pay higher, a lot higher, when I use it on a one off. But I'm not going to pay my taxes and then have user charging, that's ridiculous.",
                    &["cost"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Fear people (esp. older) would stop going to the GP.",
                    &["health"],
                ),
                l(
                    "Charging only for 'abuse' of the service liked, but nobody could say where the line is.",
                    &["fairness"],
                ),
                l(
                    "Means testing plus variable charges: worries about admin cost.",
                    &["cost"],
                ),
            ],
            quotes: &[
                l(
                    "I would be all in favour of saying, you know what, if you go more than five times a year and it's not for a specific problem, you need to charge for that.",
                    &["cost"],
                ),
                l(
                    "It wouldn't be feeling threatened, feeling like I'd better not use it up. But literally like an upper limit so you are not going 20 times a year.",
                    &["cost"],
                ),
                l(
                    "I use a lot of services so I'm not saying this for myself but I do think it would be, in theory, a fairer way of looking at it.",
                    &["fairness"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Seen to hit those less able to pay despite means testing.",
                    &["fairness"],
                ),
                l(
                    "Road charging less controversial: people control how much they drive.",
                    &["choice"],
                ),
            ],
            quotes: &[
                l(
                    "If you don't have your health you don't have anything.",
                    &["health", "security"],
                ),
                l(
                    "It's like the NHS and the Union Jack, they're the same thing",
                    &["health"],
                ),
            ],
        },
    },
    // 3. Social insurance
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "No strong reactions; unclear how it differs from ISAs or private insurance.",
                    &[],
                ),
                l(
                    "'Social credit' for volunteering or caring liked.",
                    &["worth"],
                ),
            ],
            quotes: &[
                l(
                    "You can guarantee you can get that money when you want. Usually you have to fight to get your money back [from insurance], but with this one, you put it in, you can get it when you want, you don't have to wait.",
                    &["security"],
                ),
                l(
                    "It just seems a bit vague... I think it would be quite similar to what the banks offer already. What incentive is there for the government to introduce something like this?",
                    &[],
                ),
                l("There's no niche in the market for this.", &[]),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Could be run, but best left to the private sector according to some.",
                    &["choice"],
                ),
                l(
                    "Social credit would make it distinctive but harder to administer.",
                    &["cost"],
                ),
            ],
            quotes: &[
                l(
                    "Say you were unemployed for six months and you're doing a voluntary scheme and you're still getting JSA, then this extra money would make a difference.",
                    &["support"],
                ),
                l(
                    "I'd want to know the government wasn't going to dip into it when times got hard.",
                    &["security"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Few concerns about fairness if open to everyone.",
                    &["fairness"],
                ),
                l(
                    "Support for people on low incomes contributing in other ways.",
                    &["fairness", "worth"],
                ),
            ],
            quotes: &[
                l(
                    "I think it's good because... it doesn't mean that if we can't work, we won't get anything.",
                    &["security"],
                ),
                l(
                    "The people who can't put anything away are the ones who need it most.",
                    &["fairness"],
                ),
            ],
        },
    },
    // 4. Citizen advisors
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Popular: finding out about entitlements people don't know they have.",
                    &["support"],
                ),
                l(
                    "A 'real person' rather than phone lines or websites.",
                    &["support"],
                ),
                l("Asked how it differs from the Citizens Advice Bureau.", &[]),
            ],
            quotes: &[
                l(
                    "Sometimes as people we don't know what we're entitled to. They're not going to come running to tell you...so I think having an advisor who knows all the stuff and can answer any questions... I like that idea.",
                    &["support"],
                ),
                l(
                    "People should be able to call on it when they need it – give them half a dozen sessions or something.",
                    &["choice"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Doubts one advisor could know every service; fine if they signpost.",
                    &[],
                ),
                l(
                    "Independence from the council seen as crucial.",
                    &["accountability"],
                ),
            ],
            quotes: &[
                l(
                    "I was worried that they would presumably be from the council and therefore would be working for them and would not be independent.",
                    &["accountability"],
                ),
                l(
                    "What I'm against is a whole swathe of advisors mushrooming up. I'm keen that the expense is kept to a minimum so the maximum goes in to the actual project...",
                    &["cost"],
                ),
                l(
                    "You've got to decide how many advisors you need for how many people, if you don't get it right then people won't be able to speak to their advisor, people will be complaining and the advisor will be overworked...",
                    &["cost"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Fair if offered to everyone; more use by vulnerable groups not a drawback.",
                    &["fairness"],
                ),
                l(
                    "Language support needed for it to reach everyone.",
                    &["fairness"],
                ),
            ],
            quotes: &[
                l(
                    "Most people don't know what they should be getting really. With this, you just get what you're entitled to.",
                    &["fairness"],
                ),
                l(
                    "The ones who need it most are the ones who'd never think to ask.",
                    &["support"],
                ),
            ],
        },
    },
    // 5. Areas with budgets
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Local people more in tune with local need than politicians.",
                    &["local-variation"],
                ),
                l(
                    "Transparency about local spending wanted.",
                    &["accountability"],
                ),
            ],
            quotes: &[
                l(
                    "The heart of it is really important, people having a say in what happens on their own doorstep.",
                    &["local-variation"],
                ),
                l(
                    "At least you'd be able to see where the money went.",
                    &["accountability"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Would the decisions represent the whole community?",
                    &["fairness"],
                ),
                l("Works better the smaller the area.", &["local-variation"]),
                l("Wanted evidence it has worked elsewhere.", &[]),
            ],
            quotes: &[
                l(
                    "Would everybody that mattered in that community be there?",
                    &["fairness"],
                ),
                l(
                    "It's like the idea of a jury, you know, it's a nice idea but practically it is ridiculous, you don't want some... you need people who are trained in it who have a broader perspective and they represent people who can't fight for themselves.",
                    &[],
                ),
                l(
                    "If it was a smaller area they could do a lot more, but where it is a big area I don't know because with a big area you don't know where to start.",
                    &["local-variation"],
                ),
                l(
                    "If I felt there really was some kind of chance of something being affected or done and your voice could make a difference and everyone had more interest in their local area... it may be a more practical way of doing it.",
                    &[],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "'Engagement sceptics' outnumber optimists: worry about capture by those who shout loudest.",
                    &["fairness"],
                ),
                l(
                    "Middle classes would dominate the residents' group.",
                    &["fairness"],
                ),
            ],
            quotes: &[
                l(
                    "It'll be the same five people who go to every meeting deciding for the rest of us.",
                    &["fairness"],
                ),
                l(
                    "If everyone gets a say then fine, but everyone never does.",
                    &["fairness"],
                ),
            ],
        },
    },
    // 6. Cooperative ownership and control of services
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Mix of staff, users and community liked at first.",
                    &["support"],
                ),
                l(
                    "Best for non-core services such as children's and community centres.",
                    &["security"],
                ),
            ],
            quotes: &[
                l(
                    "Personally, I would like to be able to say “well, I’m not really happy or comfortable with that”, as a suggestion, but I’m quite happy that [running the service] is not my responsibility.",
                    &[],
                ),
                l(
                    "If I knew that an organisation was going to get money that me and the organisation could use then I would definitely get involved... I would be prepared to try something that we feel would work.",
                    &["worth"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Concerns: interest group capture, disagreements, who is accountable.",
                    &["accountability"],
                ),
                l(
                    "Oversight wanted, though it undermines the idea.",
                    &["accountability"],
                ),
            ],
            quotes: &[
                l(
                    "A lot of these things, whenever I’ve been involved in any committees, are hijacked by a certain power - the middle class - and they’ve got their own agenda that they push through at the expense of everybody else.",
                    &["fairness"],
                ),
                l(
                    "If I lose the vote, I’m not going to want to take part in it [the co-operative].",
                    &[],
                ),
                l(
                    "See, it sounds like a really good idea, but you still need someone looking over it... making sure it’s all equal. If only the pushy parents are there, what about the other people?",
                    &["fairness", "accountability"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Mixed: local decisions could improve equity if the group is diverse.",
                    &["fairness"],
                ),
                l(
                    "No support for running key services this way.",
                    &["security"],
                ),
            ],
            quotes: &[
                l(
                    "If you get the group as diverse as you could you could try and cater [for everyone in an area].",
                    &["fairness"],
                ),
                l(
                    "It's the people who can't make the meetings who'd lose out.",
                    &["fairness"],
                ),
            ],
        },
    },
    // 7. Alternative service providers
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Read as privatisation; little awareness of the voluntary sector.",
                    &["choice"],
                ),
                l(
                    "Not for core services such as health and emergency services.",
                    &["security", "health"],
                ),
            ],
            quotes: &[
                l(
                    "A lot of services would obviously be better if there was competition... but there has got to be certain services that are provided no matter what and don't work for a profit, they have a conscience.",
                    &["security"],
                ),
                l(
                    "As far as I am concerned I do not care who it is or where it is, as long as they get the care that they need",
                    &["support"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "A private provider may walk away if there is no profit.",
                    &["security"],
                ),
                l(
                    "Fragmentation: nobody knows who is responsible.",
                    &["accountability"],
                ),
                l(
                    "Bin collection given as an example that already works.",
                    &[],
                ),
            ],
            quotes: &[
                l(
                    "But the whole point of a public service is that there's no money in it. They'll do the jobs that no-one will do. The private sector wouldn't take them on.",
                    &["security"],
                ),
                l(
                    "If all of these services have been chucked out to private companies, fragmented in other words, it is not transparent any more, you do not know who to blame, who is responsible.",
                    &["accountability"],
                ),
                l(
                    "I'm sure actually that it is a private company that collects the bins where I live – Veolia or something?",
                    &[],
                ),
                l(
                    "You could not have volunteers doing the gardens. Well, who would turn up to volunteer to do it?",
                    &[],
                ),
                l(
                    "With the best will in the world, a voluntary person is not as skilful at the job as someone who was employed and paid to do the job, we would hope anyway.",
                    &[],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Postcode lottery; private providers would favour the better off.",
                    &["fairness", "local-variation"],
                ),
                l("Two-tier service feared.", &["fairness"]),
            ],
            quotes: &[
                l(
                    "The posh areas will get the good companies and we'll get whoever's cheapest.",
                    &["fairness"],
                ),
                l(
                    "My wife has got an aunt who is in a care home... It is privately run... She has been there 5 years, the fees are now just over £1,000 a week.",
                    &["cost"],
                ),
            ],
        },
    },
    // 8. Electing leaders of public services
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Appeal of 'actually getting a choice' and someone to complain to.",
                    &["accountability"],
                ),
                l("Enthusiasm fell as the practicalities were discussed.", &[]),
            ],
            quotes: &[
                l(
                    "At least it would be better than what we have at the moment...",
                    &["accountability"],
                ),
                l(
                    "I'd like to know whose door to knock on when it goes wrong.",
                    &["accountability"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l("Candidates would not be known to voters.", &[]),
                l(
                    "Risk of a popularity contest along party lines; low turnout expected.",
                    &[],
                ),
            ],
            quotes: &[
                l(
                    "If there is a name there for the PCT but if you do not know the person, how do you know how to vote for the person?",
                    &[],
                ),
                l(
                    "All the people who vote Tory who are on that council will still vote along Tory lines and all the Labour people will vote along Labour lines.",
                    &[],
                ),
                l(
                    "Would it increase the turnout for voting, I do not think it would. The general apathy nowadays...",
                    &[],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Fair if open to all, but a vocal minority would dominate.",
                    &["fairness"],
                ),
                l(
                    "Wanted leaders who look like the community: 'people like me'.",
                    &["worth"],
                ),
            ],
            quotes: &[
                l(
                    "You never see anyone like us standing for these things.",
                    &["fairness"],
                ),
                l(
                    "It's fair on paper, everyone gets a vote. Doesn't mean everyone uses it.",
                    &["fairness"],
                ),
            ],
        },
    },
    // 9. Local elections, local standards
    IdeaLines {
        desirability: Lines {
            notes: &[
                l(
                    "Split: local needs differ vs. 'postcode lottery'.",
                    &["local-variation"],
                ),
                l("Everyone wants a national baseline first.", &["security"]),
            ],
            quotes: &[
                l(
                    "Every area in the world you go is different, anywhere you go in the world is different, people you meet are different. So different circumstances will be there and different things will be wanted by the people living there.",
                    &["local-variation"],
                ),
                l(
                    "I quite like the whole idea that you could have a unique community. It wouldn't necessarily segregate communities from one another, it would just give a bit of variation to everything.",
                    &["local-variation"],
                ),
            ],
        },
        achievability: Lines {
            notes: &[
                l(
                    "Variation must be justified against national standards.",
                    &["accountability"],
                ),
                l(
                    "Limited, carefully controlled variation preferred.",
                    &["local-variation"],
                ),
            ],
            quotes: &[
                l(
                    "They've got to have a national standard. There's got to be a baseline that they have to work to, but then councils that have this amount of money, so long as the standards are met, they can actually have the flexibility to use that money in a way that community needs.",
                    &["security", "local-variation"],
                ),
                l(
                    "You've got to be aware of the overarching policy or the overarching strategy... because you don't want somebody to go off on a total tangent.",
                    &["accountability"],
                ),
            ],
        },
        equity: Lines {
            notes: &[
                l(
                    "Minorities and younger people could lose out to the majority.",
                    &["fairness"],
                ),
                l(
                    "Health example (local clinics) viewed more favourably than the party-political one.",
                    &["health"],
                ),
            ],
            quotes: &[
                l(
                    "On one side of the street I'm in TN23, then in TN24, TN23 can have something and TN24 can't. Now, if we are playing with a public service, the word public should be across the board.",
                    &["fairness", "local-variation"],
                ),
                l(
                    "Who is going to make the decisions? It may be that they're all made by the majority, so for example if there are predominantly older people in the area there'll be nothing for the younger ones",
                    &["fairness"],
                ),
                l(
                    "Not enough people vote in the first place anyway, so if only 30 or 40 per cent of people are voting in a national election, how many are going to vote in local elections?",
                    &[],
                ),
            ],
        },
    },
];

/// Lines for a section of a per-idea step (any idea): the core three from
/// the idea's own lines, the others shared.
pub fn section(idea: u32, section: &str) -> Lines {
    let own = usize::try_from(idea)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| IDEAS.get(i));
    match (section, own) {
        ("desirability", Some(o)) => o.desirability,
        ("achievability", Some(o)) => o.achievability,
        ("equity", Some(o)) => o.equity,
        ("desirability" | "achievability" | "equity", None) => GENERIC_CORE,
        ("buy-in", _) => BUY_IN,
        ("idea-probes", _) => PROBES,
        ("values", _) => VALUES,
        ("cross-service", _) => CROSS_SERVICE,
        ("rating", _) => RATING,
        _ => NONE,
    }
}

const GENERIC_CORE: Lines = Lines {
    notes: &[
        l(
            "Mixed views; most wanted to see it tried somewhere first.",
            &[],
        ),
        l("Concerns about who would pay.", &["cost"]),
    ],
    quotes: &[l(
        "It sounds good on paper, but I'd want to see it working.",
        &[],
    )],
};

const BUY_IN: Lines = Lines {
    notes: &[
        l(
            "About half would take part personally; time is the main barrier.",
            &[],
        ),
        l(
            "More would join in if it affected their own children or parents.",
            &["support"],
        ),
        l(
            "Nobody would take part unless they could see it made a difference.",
            &["worth"],
        ),
    ],
    quotes: &[
        l("I'd give it a go if it didn't eat into my evenings.", &[]),
        l(
            "Honestly? I wouldn't. I haven't got the time with three kids.",
            &[],
        ),
        l(
            "If it was about my mum's care, I'd be there like a shot.",
            &["support"],
        ),
    ],
};

const PROBES: Lines = Lines {
    notes: &[
        l("What if it cost more? Support dropped sharply.", &["cost"]),
        l(
            "What if some found it harder to access? Group turned against it.",
            &["fairness"],
        ),
    ],
    quotes: &[l(
        "If it costs more, then no. We're already paying enough.",
        &["cost"],
    )],
};

const VALUES: Lines = Lines {
    notes: &[
        l(
            "Linked mainly to security and fairness, less to freedom.",
            &["security", "fairness"],
        ),
        l(
            "Seen as trading choice against fairness.",
            &["choice", "fairness"],
        ),
        l(
            "Clashes with the value of a safety net for everyone.",
            &["security"],
        ),
    ],
    quotes: &[
        l(
            "It's got to be fair, that's the main thing. Fair for everybody.",
            &["fairness"],
        ),
        l(
            "Choice is nice, but I'd rather know it'll be there when I need it.",
            &["security", "choice"],
        ),
    ],
};

const CROSS_SERVICE: Lines = Lines {
    notes: &[
        l(
            "Could work for schools and social care, not for police or A&E.",
            &["security"],
        ),
        l("Fits leisure and community services best.", &[]),
    ],
    quotes: &[l(
        "Not for the hospitals. Anything where it's life or death, leave it alone.",
        &["health", "security"],
    )],
};

const RATING: Lines = Lines {
    notes: &[
        l("Rating agreed quickly.", &[]),
        l("Two held out for a lower 'achievable' score.", &[]),
        l(
            "Group split on 'equitable'; settled on the middle.",
            &["fairness"],
        ),
    ],
    quotes: &[],
};

// ---------------------------------------------------------------------------
// The other steps
// ---------------------------------------------------------------------------

/// Lines for a step that is not an idea discussion, by guide step id.
pub fn step(id: &str) -> Lines {
    match id {
        "arrival" => {
            const {
                Lines {
                    notes: &[
                        l("Two arrived late; introductions went round twice.", &[]),
                        l("Everyone agreed to the recording.", &[]),
                    ],
                    quotes: &[],
                }
            }
        }
        "capabilities" => {
            const {
                Lines {
                    notes: &[
                        l(
                            "Security and health came up first, before anything else.",
                            &["security", "health"],
                        ),
                        l(
                            "Family and friends named as the main support.",
                            &["support"],
                        ),
                        l(
                            "Education linked to getting on in life.",
                            &["education", "worth"],
                        ),
                    ],
                    quotes: &[
                        l(
                            "I had - not an accident, but a kind of incident - in my car a few weeks ago... When unexpected things come up, something that's out of your hands, you need help. You need to know that the support, the guidance, the help is there when you need it most.",
                            &["security", "support"],
                        ),
                        l(
                            "If you want to fulfil all of your needs you need some sort of support, you need a social life. Family is important, they're your security... if you can't get it from the government you can at least get it from your family.",
                            &["support", "security"],
                        ),
                    ],
                }
            }
        }
        "life-stage" => {
            const {
                Lines {
                    notes: &[
                        l(
                            "Younger ones expect security and support to matter more as they get older.",
                            &["security"],
                        ),
                        l(
                            "Parents: schools and GP matter most right now.",
                            &["education", "health"],
                        ),
                    ],
                    quotes: &[l(
                        "When you're young you don't think about any of it. Then you have kids and suddenly it's all you think about.",
                        &["support"],
                    )],
                }
            }
        }
        "assistance" => {
            const {
                Lines {
                    notes: &[
                        l(
                            "Family first; government is the safety net when family can't help.",
                            &["support", "security"],
                        ),
                        l(
                            "Community support patchy; depends where you live.",
                            &["local-variation"],
                        ),
                    ],
                    quotes: &[l(
                        "My neighbours are brilliant, but you can't rely on neighbours for everything.",
                        &["support"],
                    )],
                }
            }
        }
        "why-public-services" => {
            const {
                Lines {
                    notes: &[
                        l(
                            "Order and a safety net: without them, 'chaos'.",
                            &["security"],
                        ),
                        l("Things we can only do together.", &["support"]),
                    ],
                    quotes: &[
                        l(
                            "I think fundamentally there's no money in what public services do. There's nobody in the private sector that's going to take over... so they sort of enable society to exist.",
                            &["security"],
                        ),
                        l(
                            "Public services are for people who are less fortunate as well, to help them.",
                            &["fairness", "support"],
                        ),
                        l(
                            "They [the government] have the main say, so if they're the top people playing the strings, then we need to trust in them that they're going to look after us because we're the people at the bottom.",
                            &["security"],
                        ),
                    ],
                }
            }
        }
        "are-they-important" => {
            const {
                Lines {
                    notes: &[
                        l("Pride in the emergency services and the NHS.", &["health"]),
                        l("Taken for granted until you need them.", &["security"]),
                    ],
                    quotes: &[
                        l(
                            "Public services are a safety net... you cannot get too comfortable if you do not have a safety net.",
                            &["security"],
                        ),
                        l(
                            "It's maybe because we take them for granted, and we've never really sat down and thought about why they are important... what would we do if they weren't there?",
                            &["security"],
                        ),
                        l(
                            "I think Britain is great for emergency medicine. I think it's fantastic the ambulances are there on the scene, they take you straight in, great surgeons... But if you are talking like mental health problems... there's a lack of what's needed.",
                            &["health"],
                        ),
                        l(
                            "It is nothing like as good in New Zealand as it is here, that is what I found. You have to pay to go into the waiting room at the doctor's surgery.",
                            &["health"],
                        ),
                        l(
                            "Why can't they just make all schools the same? It doesn't matter what area you come from or what background your child has got... that way, parents wouldn't mind where they sent their children.",
                            &["fairness", "education"],
                        ),
                        l(
                            "I think everyone goes to the doctor for a reason. Just because they earn more money, well, well done to them, why should they have to pay more?",
                            &["fairness", "health"],
                        ),
                    ],
                }
            }
        }
        "gallery" => {
            const {
                Lines {
                    notes: &[
                        l("Social insurance needed explaining twice.", &[]),
                        l(
                            "Several asked how citizen advisors differ from Citizens Advice.",
                            &[],
                        ),
                        l(
                            "Stickers went quickly; two hesitated over the red one.",
                            &[],
                        ),
                    ],
                    quotes: &[],
                }
            }
        }
        "change" => {
            const {
                Lines {
                    notes: &[
                        l(
                            "Wary of big changes; reform yes, but fix what is broken first.",
                            &["security"],
                        ),
                        l(
                            "Several had seen news about cuts and expect services to suffer.",
                            &["cost"],
                        ),
                    ],
                    quotes: &[
                        l(
                            "If it isn't broken, don't fix it. Sort out the bits that are broken first.",
                            &["security"],
                        ),
                        l(
                            "Every government comes in and changes everything and then the next one changes it back.",
                            &[],
                        ),
                    ],
                }
            }
        }
        _ => {
            const {
                Lines {
                    notes: &[l("Discussion kept to time.", &[])],
                    quotes: &[],
                }
            }
        }
    }
}

/// What was written on the flip chart, by guide step id.
pub fn flipchart(id: &str) -> &'static [&'static str] {
    match id {
        "capabilities" => &[
            "Health",
            "Family and friends",
            "Security",
            "A decent job",
            "Somewhere safe to live",
            "Education",
            "Enough money to get by",
            "Freedom to choose",
            "Respect",
            "Green spaces",
            "Peace of mind",
            "Being able to get around",
        ],
        _ => &[
            "A safety net",
            "Order",
            "Fairness",
            "Help when you need it",
            "Things we can only do together",
            "Looking after the vulnerable",
            "Reassurance",
            "Pride",
        ],
    }
}

/// Last interactions with a public service, said at the introductions.
pub const INTRODUCTIONS: [&str; 10] = [
    "Last contact with a public service: GP appointment last week.",
    "Last contact with a public service: rang the council about bin collections.",
    "Last contact with a public service: took her son to A&E.",
    "Last contact with a public service: renewed a passport.",
    "Last contact with a public service: parents' evening at the school.",
    "Last contact with a public service: Jobcentre appointment.",
    "Last contact with a public service: reported a burglary to the police.",
    "Last contact with a public service: hospital outpatient appointment.",
    "Last contact with a public service: library, every week.",
    "Last contact with a public service: bus pass renewal.",
];

/// Services named as most in need of reform (Stage 3).
pub const SERVICES: [&str; 8] = [
    "NHS",
    "social care",
    "schools",
    "police",
    "council services",
    "the benefits system",
    "public transport",
    "mental health services",
];

/// Top tips for the Commission (Stage 3).
pub const TOP_TIPS: [&str; 10] = [
    "Ask the people who actually use the services before you change anything.",
    "Keep the safety net. Whatever you do, don't touch that.",
    "Sort out the waste first, then talk about charging people.",
    "Make it simple: one place to go and someone who knows the answer.",
    "Try it somewhere small first and show us it works.",
    "Don't make it a postcode lottery.",
    "Listen to the front-line staff, not the managers.",
    "Be honest about what it costs.",
    "Think about the people who can't speak up for themselves.",
    "Change it slowly. People need to trust it.",
];

/// Why a group chose another idea than the rule suggested: `{idea}` and
/// `{suggested}` are filled in.
pub const OVERRIDE_REASONS: [&str; 5] = [
    "The group asked to discuss idea {idea} instead of idea {suggested}: several had direct experience of it.",
    "Idea {suggested} had been argued over during the gallery already; the group preferred idea {idea}.",
    "Two participants left the vote undecided and then asked for idea {idea}; the group agreed.",
    "Tie-break by show of hands: idea {idea} over idea {suggested}.",
    "The group felt idea {idea} was closer to their own lives than idea {suggested}.",
];

/// Why the clock was paused.
pub const PAUSE_NOTES: [&str; 4] = [
    "Paused: fire alarm test, everyone stepped out.",
    "Paused: refreshments brought in.",
    "Paused: a participant felt unwell; short break.",
    "Paused: the recorder needed new batteries.",
];
