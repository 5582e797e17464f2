"""Hand-written inputs for the benchmark: apology drafts of three sizes and 50 new training examples.

The drafts are realistic (names, places, a mix of good apologies and flawed ones) so the rules,
classifiers, evidence and rewrite do the work they do on real input. Nothing here is random.
"""

# The six label keys (the public contract of the labelled-data format).
BLAME, GENERIC, STEPS, MINIMIZING, SELF_FOCUS, PRESSURE = LABEL_KEYS = (
    "blame_shifting", "generic", "missing_steps", "minimizing", "self_focus", "forgiveness_pressure",
)

# Drafts by nominal size in words; several per size.
DRAFTS = {
    20: [
        "Sorry I forgot to pick you up from the station tonight. I've set two reminders for Friday so it won't happen again.",
        "I'm sorry you felt hurt by what I said at dinner, but honestly everyone was joking around, it wasn't a big deal.",
        "Really sorry for missing the deadline on the Henderson report. I'll have the full draft in your inbox by nine tomorrow.",
    ],
    100: [
        (
            "Hi Sam, I owe you an apology for this morning's planning meeting. When Laura asked who had built the new "
            "onboarding checklist, I answered as if it had been my idea, and I let the room think so. It was yours, start "
            "to finish, and you spent two weekends on it. That was unfair, and I know credit matters for your review next "
            "month. I've already emailed Laura and the team to say the checklist is your work, and from now on I'll name "
            "the author whenever I present something I didn't write myself."
        ),
        (
            "Hey Maya, look, I'm sorry about your birthday drinks on Saturday. I know you were expecting me and I said I'd "
            "be there by eight. Work has been absolutely insane this month and my manager dumped a last-minute deadline on "
            "me, so by the time I got out it was nearly eleven and my phone was dead. I honestly couldn't have done anything "
            "differently. I hate that you're upset with me, and I really don't want this to turn into a whole thing between "
            "us. Can we just forget about it and grab brunch this weekend? My treat!"
        ),
        (
            "Dear Mr Okafor, thank you for letting us know that your sofa arrived three weeks late and with a torn cushion "
            "cover. We are sorry for any inconvenience this may have caused. Our delivery partner experienced unexpected "
            "delays across the region, which were outside of our control, and we appreciate your patience while these "
            "issues are resolved. We value you as a customer and we are always striving to improve the service we provide. "
            "Please do not hesitate to contact our customer care team if there is anything further we can help with."
        ),
    ],
    400: [
        (
            "Dear Ellie,\n\nI've started this message about six times since Sunday, so I'm just going to say it plainly. I "
            "forgot our anniversary. I knew it was coming, but I let the whole weekend slide past without a card, without a "
            "plan, without even saying the words until you said them first over breakfast. I saw your face change, and then "
            "I watched you pretend it was fine for the rest of the day so that I wouldn't feel bad. That is the part I keep "
            "coming back to. You made it easy for me when it should have been the other way round.\n\n"
            "I'm not going to blame work, even though I've been buried in the Bristol project. You've been just as busy and "
            "you still remembered, and you booked the table at Marco's weeks ago and then quietly cancelled it when I didn't "
            "mention it. I only found that out from the confirmation email yesterday. I'm so sorry. You deserved to feel "
            "celebrated, and instead you spent our anniversary managing my forgetfulness.\n\n"
            "It isn't the first time I've dropped something that matters to you. Last spring it was your sister's "
            "graduation, and before that the weekend with your dad. Each time I apologised and meant it, but I never "
            "changed anything, so of course it happened again. I rely on you to hold the calendar for both of us, and that "
            "isn't fair.\n\n"
            "So here is what I've actually done, not just what I'm promising. Every date that matters to you is now in my "
            "own calendar with a reminder two weeks ahead and another two days ahead: our anniversary, your birthday, your "
            "mum's, your sister's, and the day your grandad died, because I know that one is hard for you. I've rebooked "
            "Marco's for this Saturday at seven, and I've taken Friday afternoon off so I can plan the rest of the weekend "
            "myself, without asking you to organise any of it. And I'd like us to sit down once a month, twenty minutes "
            "with a coffee, to look at the next few weeks together, so it stops being your job alone.\n\n"
            "You don't have to say it's okay, and you don't have to be over it by Saturday. If you need a bit of space from "
            "me this week, that's fine too.\n\nAll my love,\nTom"
        ),
        (
            "Hi Rachel,\n\nI don't even know where to start with this. I've barely slept since the wedding and I feel like "
            "the worst brother in the world. Every time I close my eyes I see everyone's faces during the speech and I just "
            "want the ground to swallow me up. I've been sick to my stomach about it all week, and honestly I don't think "
            "I've ever felt this ashamed of myself in my whole life.\n\n"
            "I know I had a few too many drinks before the speech. It was a long day, the bar opened at two and the food "
            "didn't come out until nearly seven, so a lot of people were in the same boat. I'm sorry that the story about "
            "you and Daniel at uni came out the way it did. In my head it was a funny, affectionate story, and a good chunk "
            "of the room was laughing, so I really didn't realise it had gone badly until Mum pulled me aside afterwards. "
            "If you watch the video back I think you'll see it wasn't as bad as it felt in the moment. People forget these "
            "things quickly, and most of the guests won't even remember it by Christmas.\n\n"
            "I've always looked up to you, and you know how much you mean to me. I've been going over and over it in my "
            "head, wondering how I could be so stupid, and wondering whether you'll ever look at me the same way again. It's "
            "been eating me alive. Mum says I should give you time, but I can't stand the thought of you being angry with "
            "me, especially now, right at the start of your married life. I keep thinking about how Dad would have handled "
            "it, and how disappointed he would be in me, and it makes everything worse.\n\n"
            "I really hope we can put this behind us soon. You're my only sister and life is too short to let one silly "
            "speech come between us. Please call me when you get back from the honeymoon, even if it's just for five "
            "minutes, because I don't think I can carry this around for much longer. I love you both so much, and I want "
            "nothing more than for things to go back to how they were.\n\nYour little brother,\nJamie"
        ),
        (
            "Team,\n\nI want to address the last three weeks in writing first, so you have something to come back to, and "
            "then in person at Thursday's all-hands.\n\n"
            "On the 4th of March I announced the restructuring of the analytics group in a fifteen-minute video call, with "
            "no notice, no written detail and no time for questions. Several of you found out that your role was changing "
            "from a slide, in front of your colleagues, before anyone had spoken to you individually. Two of you learned "
            "that your manager was leaving from a calendar invite that was later cancelled. That was my decision, it was the "
            "wrong one, and I'm sorry. I was worried the news would leak before the contracts were signed, and I put that "
            "worry ahead of the basic respect of telling people face to face. No deadline justified it.\n\n"
            "I have also heard, from several of you directly and from the anonymous survey, that the way I reacted "
            "afterwards made things worse. When Priya raised concerns in the team channel, I replied that the decision was "
            "final and that we needed to focus on delivery. I meant it as reassurance, but it read as shutting the "
            "conversation down, and I understand why people stopped asking questions after that. I'm sorry for that too. It "
            "is my job to hear hard questions, especially about decisions I made.\n\n"
            "Here is what is already done and what is coming. Every one of you now has a one-to-one with me before the "
            "22nd; the invitations went out this morning, and if the time doesn't suit, move it and I will make it work. "
            "The full written plan, including reporting lines, the criteria we used and the timeline for the new roles, is "
            "on the team site as of today. HR has agreed that anyone whose role changed can request a review of the new job "
            "description until the end of April, and I will attend those meetings if you want me there. I have asked Marcus "
            "from the people team to run a short anonymous check-in at the end of May, and I will share the results with "
            "you unedited, including anything critical of me.\n\n"
            "I don't expect this message to repair the trust that was lost. That depends on what I do over the next months. "
            "If there is something you would rather not say in a group, my door is open and so is my inbox.\n\nDaniel"
        ),
    ],
}

# (text, context, flagged labels): short, varied apologies not in the corpus, all for the train split.
NEW_EXAMPLES = [
    ("Sorry I ate the last slice of your birthday cake. I've ordered another one from the bakery on Hill Street for tonight.", "friend", ()),
    ("sorry about last night, I was just tired and you kept pushing", "partner", (BLAME, GENERIC, STEPS)),
    ("I apologise for the mix-up with your invoice. It has been corrected and the refund of £42 will reach your account by Friday.", "customer", ()),
    ("I'm sorry if my comment in the group chat upset anyone, it was obviously a joke.", "online", (STEPS, MINIMIZING)),
    ("I'm so sorry, I'm such a terrible friend, I honestly don't know why you even bother with me.", "friend", (GENERIC, STEPS, SELF_FOCUS)),
    ("Sorry for shouting at you in the car, Mum. It wasn't about you. I'm driving you to your appointment on Tuesday and I'll keep my voice down.", "family", ()),
    ("I know I messed up. Can we please just move past it tonight? I really need us to be okay.", "partner", (GENERIC, STEPS, PRESSURE)),
    ("Apologies to everyone who was affected by yesterday's outage. We take reliability seriously.", "public", (GENERIC, STEPS)),
    ("I shouldn't have read your messages while you were in the shower. I'm sorry. I've told you everything I saw and I won't touch your phone again.", "partner", ()),
    ("Sorry the rent was late again, the bank took ages to process the transfer.", "other", (BLAME, STEPS)),
    ("Sorry I snapped at you in standup, Raj. You asked a fair question about the release date and I answered it rudely.", "workplace", (STEPS,)),
    ("My apologies for the delay, it's only been a couple of days, I'm sure it's not a big deal.", "customer", (GENERIC, STEPS, MINIMIZING)),
    ("I'm really sorry I broke your bike lock trying to open it with the wrong key. A new one arrives Monday and I'll fit it for you.", "friend", ()),
    ("so sorry for everything babe", "partner", (GENERIC, STEPS)),
    ("I'm sorry I posted the photo of your kids without asking. I've taken it down and I'll check with you before posting anything of them again.", "family", ()),
    ("Sorry you had to wait, but honestly if you'd read the email you'd have known the meeting moved.", "workplace", (BLAME, STEPS)),
    ("I feel awful. I can't stop crying about what I said to you and I don't know how to live with myself.", "friend", (GENERIC, STEPS, SELF_FOCUS)),
    ("I'm sorry I forgot to feed Biscuit while you were away. I've called the vet, she's fine, and the feeding times are on the fridge now.", "family", ()),
    ("I know I was out of order at the quiz, so can we draw a line under it now? It's been a week.", "friend", (GENERIC, STEPS, MINIMIZING, PRESSURE)),
    ("Apologies for the rude reply I sent your team on Tuesday. I've written to Anna directly and I'll keep my replies to the ticket from now on.", "workplace", ()),
    ("Mistakes were made with your order and we regret any inconvenience.", "customer", (BLAME, GENERIC, STEPS)),
    ("Sorry Dad, I lost your drill at the allotment. I've already bought the same Makita one and I'll drop it round on Sunday.", "family", ()),
    ("It was just a comment, I don't see why it's such a big thing, but fine, sorry.", "partner", (GENERIC, STEPS, MINIMIZING)),
    ("Sorry I double-booked the meeting room and your interview candidates had to wait in the corridor. The room is blocked for you every Thursday now.", "workplace", ()),
    ("I'm sorry. I know sorry isn't enough, but I really need you to forgive me before you leave tomorrow.", "partner", (GENERIC, STEPS, PRESSURE)),
    ("Hey all, sorry for flooding the neighbourhood group with those sale posts. I've moved them to the marketplace page.", "online", ()),
    ("I'm sorry I was late to your recital, sweetheart. The traffic on the ring road was awful and nobody warned us.", "family", (BLAME, STEPS)),
    ("I want to apologise for my tweet about the council bin crews. It was cruel, I've deleted it, and I've donated to their hardship fund.", "public", ()),
    ("Sorry for the tone of my email, I was under a lot of pressure from above and it came out wrong.", "workplace", (BLAME, STEPS)),
    ("I'm so sorry I told Jess about your surgery. That was yours to share, not mine. I've asked her to keep it private.", "friend", ()),
    ("Sorry if I came across a bit strong on the phone, I'm just passionate about getting things right.", "customer", (STEPS, MINIMIZING)),
    ("I've been a mess since our fight and I can barely eat. I'm sorry, I just can't handle you being angry with me.", "partner", (GENERIC, STEPS, SELF_FOCUS, PRESSURE)),
    ("Sorry for parking across your drive this morning. I'll use the side street from now on, and my number is on your doormat in case it happens again.", "other", ()),
    ("We apologise for any confusion caused by our recent announcement.", "public", (GENERIC, STEPS, MINIMIZING)),
    ("Sorry about the noise last night. It was only till one, and it was a Saturday after all.", "other", (STEPS, MINIMIZING)),
    ("I'm sorry I called your cooking bland in front of your parents. It was unkind and untrue. Tonight I'm cooking and I'll apologise to them too.", "partner", ()),
    ("My bad on the wrong figures in the deck, the finance sheet I was sent was already out of date.", "workplace", (BLAME, STEPS)),
    ("Sorry for ignoring your texts this week. I was in my own head. Let's just pretend it never happened, yeah?", "friend", (STEPS, PRESSURE)),
    ("I'm really sorry I scratched your car reversing out of the drive. It's booked into the body shop on Wednesday and I'm paying.", "family", ()),
    ("Sorry, I know I keep letting you down.", "friend", (GENERIC, STEPS)),
    ("Apologies, the product page was wrong about the battery life. We've corrected the listing and refunded the difference to your card.", "customer", ()),
    ("I'm sorry for what happened at the party, things just got out of hand with everyone drinking.", "friend", (BLAME, GENERIC, STEPS)),
    ("I'm sorry I made fun of your accent in the meeting, Ana. I'll say so to the team on Monday, and I won't do it again.", "workplace", ()),
    ("Sorry I got so upset, I just feel like nobody in this family ever appreciates anything I do.", "family", (BLAME, GENERIC, STEPS, SELF_FOCUS)),
    ("Apologies for the misleading headline on this morning's article. It has been corrected and a note at the bottom explains the change.", "public", ()),
    ("Look, I said sorry already. How many more times do you need to hear it before we can move on?", "partner", (GENERIC, STEPS, PRESSURE)),
    ("Sorry I missed your call about the boiler, it's honestly not that cold yet so I figured it could wait till next week.", "other", (STEPS, MINIMIZING)),
    ("I'm sorry for deleting your comment on the club page. It wasn't abusive and I shouldn't have removed it. It's restored now.", "online", ()),
    ("I'm sorry you feel that way about my review. I stand by what I wrote.", "online", (BLAME, STEPS, MINIMIZING)),
    ("Sorry for the mess I left in the kitchen after the party. I've cleaned the oven and I'll do the bins for the next fortnight.", "other", ()),
]


def new_training_records() -> list[dict]:
    """NEW_EXAMPLES as corpus records (the JSONL format of data/corpus), all in the train split."""
    return [
        {
            "id": f"zz-bench-{number:03d}",
            "text": text,
            "labels": {key: int(key in flagged) for key in LABEL_KEYS},
            "context": context,
            "source": "written:bench",
            "split": "train",
            "tags": [],
        }
        for number, (text, context, flagged) in enumerate(NEW_EXAMPLES, 1)
    ]


def batch_texts(count: int = 100) -> list[str]:
    """`count` drafts cycling through every size, for the batch measurements."""
    every = [text for texts in DRAFTS.values() for text in texts]
    return [every[i % len(every)] for i in range(count)]
