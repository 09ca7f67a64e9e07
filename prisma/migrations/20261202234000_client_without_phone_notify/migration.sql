-- A client made for a self-registered employee who gave no phone: the account and the e-mail
-- identify them (issue 17). Every phone a client has stays in ClientPhone.
ALTER TABLE "Client" ALTER COLUMN "phone" DROP NOT NULL;
